/// Variables of one level of the template: the top level, a loop iteration, a macro call.
final class Scope {
    var variables = ScopeVariables()
    let parent: Scope?

    init(parent: Scope?) {
        self.parent = parent
    }

    func lookup(_ name: String) -> Value? {
        var scope: Scope? = self
        while let current = scope {
            if let value = current.variables[name] { return value }
            scope = current.parent
        }
        return nil
    }
}

/// The variables of one scope by name.
///
/// A scope holds a handful of names (a macro's arguments, a loop's target and `loop`), and every name a template
/// reads is looked up through each enclosing scope: comparing a few short names costs less than hashing the name
/// once per scope.
struct ScopeVariables {
    private(set) var names: [String] = []
    private var values: [Value] = []

    subscript(name: String) -> Value? {
        get {
            guard let index = names.firstIndex(of: name) else { return nil }
            return values[index]
        }
        set {
            let index = names.firstIndex(of: name)
            switch (index, newValue) {
            case (let index?, let value?): values[index] = value
            case (let index?, nil):
                names.remove(at: index)
                values.remove(at: index)
            case (nil, let value?):
                names.append(name)
                values.append(value)
            case (nil, nil): break
            }
        }
    }

    mutating func removeAll(keepingCapacity: Bool) {
        names.removeAll(keepingCapacity: keepingCapacity)
        values.removeAll(keepingCapacity: keepingCapacity)
    }
}
