/// The `loop` variable inside `{% for %}`: position and neighbours of the current item.
final class LoopObject: TemplateObject {
    let items: [Value]
    var index0 = 0
    /// 1 for the outermost level of a recursive loop (and for any other loop), one more per `loop(...)` call.
    let depth: Int
    /// Renders the body of a recursive loop for other items, one level deeper; nil for other loops.
    var recurse: ((Value) throws(TemplateError) -> Value)?
    /// The arguments of the last `loop.changed(...)` call, nil before the first.
    private var lastChanged: [Value]?

    init(items: [Value], depth: Int = 1) {
        self.items = items
        self.depth = depth
    }

    func attribute(_ name: String) -> Value? {
        let length = items.count
        switch name {
        case "index": return .int(index0 + 1)
        case "index0": return .int(index0)
        case "revindex": return .int(length - index0)
        case "revindex0": return .int(length - index0 - 1)
        case "first": return .bool(index0 == 0)
        case "last": return .bool(index0 == length - 1)
        case "length": return .int(length)
        case "depth": return .int(depth)
        case "depth0": return .int(depth - 1)
        case "previtem": return index0 > 0 ? items[index0 - 1] : .undefined("there is no previous item")
        case "nextitem": return index0 + 1 < length ? items[index0 + 1] : .undefined("there is no next item")
        case "cycle":
            let index = index0
            return .function(
                NativeFunction(name: "loop.cycle") { arguments throws(TemplateError) in
                    guard !arguments.positional.isEmpty else {
                        throw arguments.error("loop.cycle() needs at least one value", kind: .wrongArguments)
                    }
                    return arguments.positional[index % arguments.positional.count]
                })
        case "changed":
            return .function(
                NativeFunction(name: "loop.changed") { [self] arguments throws(TemplateError) in
                    let values = arguments.positional
                    defer { lastChanged = values }
                    guard let last = lastChanged, last.count == values.count else { return .bool(true) }
                    return .bool(!zip(last, values).allSatisfy { $0.pythonEquals($1) })
                })
        default: return nil
        }
    }

    /// `loop(items)` inside a recursive loop.
    func call(_ arguments: Arguments) throws(TemplateError) -> Value {
        guard let recurse else {
            throw arguments.error(
                "the loop is not recursive", help: "write '{% for x in items recursive %}'", kind: .typeMismatch)
        }
        guard arguments.positional.count == 1, arguments.keyword.isEmpty else {
            throw arguments.error("loop() takes the items to iterate, one argument", kind: .wrongArguments)
        }
        return try recurse(arguments.positional[0])
    }

    var renderedString: String { "<LoopContext \(index0 + 1)/\(items.count)>" }
}
