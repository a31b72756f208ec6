extension Renderer {
    /// The names `builtinGlobal` knows.
    static let builtinGlobalNames = ["range", "dict", "namespace", "cycler", "joiner"]

    /// Jinja's global functions: `range`, `dict`, `namespace`, `cycler`, `joiner`.
    func builtinGlobal(_ name: String) -> Value? {
        switch name {
        case "range": return .function(NativeFunction(name: name, Renderer.range))
        case "dict": return .function(NativeFunction(name: name, Renderer.makeDict))
        case "namespace":
            return .function(
                NativeFunction(name: name) { arguments throws(TemplateError) in
                    guard case .dict(let storage) = try Renderer.makeDict(arguments) else { return .none }
                    return .object(NamespaceObject(values: storage))
                })
        case "cycler":
            return .function(
                NativeFunction(name: name) { arguments throws(TemplateError) in
                    guard !arguments.positional.isEmpty else {
                        throw arguments.error("cycler() needs at least one value", kind: .wrongArguments)
                    }
                    return .object(CyclerObject(items: arguments.positional))
                })
        case "joiner":
            return .function(
                NativeFunction(name: name) { arguments throws(TemplateError) in
                    .object(JoinerObject(separator: arguments.value(at: 0, named: "sep")?.renderedString ?? ", "))
                })
        default: return nil
        }
    }

    private static func range(_ arguments: Arguments) throws(TemplateError) -> Value {
        var bounds: [Int] = []
        for value in arguments.positional {
            guard let integer = value.integer else {
                throw arguments.error("range() arguments must be integers, not \(value.typeName)", kind: .typeMismatch)
            }
            bounds.append(integer)
        }
        let (start, stop, step): (Int, Int, Int)
        switch bounds.count {
        case 1: (start, stop, step) = (0, bounds[0], 1)
        case 2: (start, stop, step) = (bounds[0], bounds[1], 1)
        case 3: (start, stop, step) = (bounds[0], bounds[1], bounds[2])
        default: throw arguments.error("range() takes 1 to 3 integer arguments", kind: .wrongArguments)
        }
        guard step != 0 else { throw arguments.error("range() step must not be zero", kind: .other) }
        let count = step > 0 ? max(0, (stop - start + step - 1) / step) : max(0, (start - stop - step - 1) / -step)
        // Jinja's sandbox caps ranges too; a runaway loop should fail, not eat the machine.
        guard count <= 1_000_000 else {
            throw arguments.error("range() with \(count) items is too large", kind: .other)
        }
        return .list(
            ListStorage(
                stride(from: start, to: stop, by: step).map(Value.int),
                view: .range(start: start, stop: stop, step: step)))
    }

    /// `dict(mapping, **kwargs)`: a new dict.
    private static func makeDict(_ arguments: Arguments) throws(TemplateError) -> Value {
        let storage = DictStorage()
        if let first = arguments.positional.first {
            guard case .dict(let source) = first, arguments.positional.count == 1 else {
                throw arguments.error("dict() takes one mapping and keyword arguments", kind: .wrongArguments)
            }
            for (key, value) in source { storage[key] = value }
        }
        for (key, value) in arguments.keyword { storage[key] = value }
        return .dict(storage)
    }
}
