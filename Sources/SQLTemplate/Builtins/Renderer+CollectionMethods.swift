extension Renderer {
    func listMethod(_ name: String, _ storage: ListStorage, _ arguments: Arguments) throws(TemplateError) -> Value {
        switch name {
        case "append":
            try checkArity(arguments, name, 1...1)
            storage.items.append(arguments.positional[0])
            return .none
        case "extend":
            try checkArity(arguments, name, 1...1)
            let position = Position(line: arguments.location.line, column: arguments.location.column)
            storage.items += try iterate(arguments.positional[0], at: position)
            return .none
        case "insert":
            try checkArity(arguments, name, 2...2)
            guard let index = arguments.positional[0].integer else {
                throw arguments.error("insert() index must be an integer", kind: .typeMismatch)
            }
            let count = storage.items.count
            let resolved = index < 0 ? max(0, count + index) : min(index, count)
            storage.items.insert(arguments.positional[1], at: resolved)
            return .none
        case "pop":
            try checkArity(arguments, name, 0...1)
            guard !storage.items.isEmpty else { throw arguments.error("pop from empty list", kind: .other) }
            let index = try integerArgument(arguments, 0, "index", in: name) ?? -1
            let resolved = index < 0 ? storage.items.count + index : index
            guard storage.items.indices.contains(resolved) else {
                throw arguments.error("pop index out of range", kind: .other)
            }
            return storage.items.remove(at: resolved)
        case "index":
            try checkArity(arguments, name, 1...1)
            guard let index = storage.items.firstIndex(where: { $0.pythonEquals(arguments.positional[0]) }) else {
                throw arguments.error("\(arguments.positional[0].representation) is not in list", kind: .other)
            }
            return .int(index)
        case "count":
            try checkArity(arguments, name, 1...1)
            return .int(storage.items.filter { $0.pythonEquals(arguments.positional[0]) }.count)
        case "remove":
            try checkArity(arguments, name, 1...1)
            guard let index = storage.items.firstIndex(where: { $0.pythonEquals(arguments.positional[0]) }) else {
                throw arguments.error("list.remove(x): x not in list", kind: .other)
            }
            storage.items.remove(at: index)
            return .none
        case "reverse":
            try checkArity(arguments, name, 0...0)
            storage.items.reverse()
            return .none
        case "sort":
            try checkArity(arguments, name, 0...1, keywords: ["reverse"])
            guard arguments.positional.isEmpty else {
                throw arguments.error("sort() takes only the keyword argument 'reverse'", kind: .wrongArguments)
            }
            let descending = arguments.keyword("reverse")?.isTruthy ?? false
            storage.items = try sorted(
                storage.items, descending: descending, caseInsensitive: false,
                at: arguments)
            return .none
        case "copy":
            try checkArity(arguments, name, 0...0)
            return .list(ListStorage(storage.items))
        case "clear":
            try checkArity(arguments, name, 0...0)
            storage.items.removeAll()
            return .none
        default:
            throw arguments.error("'list' object has no attribute '\(name)'", kind: .typeMismatch)
        }
    }

    func dictMethod(_ name: String, _ storage: DictStorage, _ arguments: Arguments) throws(TemplateError) -> Value {
        switch name {
        case "items":
            try checkArity(arguments, name, 0...0)
            return .list(
                ListStorage(
                    storage.map { .list(ListStorage([storage.key($0.key), $0.value], isTuple: true)) }, view: .dictItems
                ))
        case "keys":
            try checkArity(arguments, name, 0...0)
            return .list(ListStorage(storage.keys.map(storage.key), view: .dictKeys))
        case "values":
            try checkArity(arguments, name, 0...0)
            return .list(ListStorage(storage.map(\.value), view: .dictValues))
        case "get":
            try checkArity(arguments, name, 1...2)
            return storage[arguments.positional[0].renderedString] ?? arguments.value(at: 1, named: "default") ?? .none
        case "pop":
            try checkArity(arguments, name, 1...2)
            if let value = storage.removeValue(forKey: arguments.positional[0].renderedString) { return value }
            guard let fallback = arguments.value(at: 1, named: "default") else {
                throw arguments.error("key \(arguments.positional[0].representation) not found", kind: .other)
            }
            return fallback
        case "popitem":
            try checkArity(arguments, name, 0...0)
            guard let last = storage.keys.last else {
                throw arguments.error("popitem(): dictionary is empty", kind: .other)
            }
            let key = storage.key(last)
            let value = storage.removeValue(forKey: last) ?? .none
            return .list(ListStorage([key, value], isTuple: true))
        case "setdefault":
            try checkArity(arguments, name, 1...2)
            let key = arguments.positional[0].renderedString
            if let value = storage[key] { return value }
            let value = arguments.value(at: 1, named: "default") ?? .none
            storage[key] = value
            return value
        case "update":
            if let first = arguments.positional.first {
                guard case .dict(let other) = first else {
                    throw arguments.error("update() needs a dict, not \(first.typeName)", kind: .typeMismatch)
                }
                for (key, value) in other { storage[key] = value }
            }
            for (key, value) in arguments.keyword { storage[key] = value }
            return .none
        case "copy":
            try checkArity(arguments, name, 0...0)
            let copy = DictStorage()
            for (key, value) in storage { copy.set(value, forKey: storage.key(key)) }
            return .dict(copy)
        case "clear":
            try checkArity(arguments, name, 0...0)
            for key in storage.keys { storage[key] = nil }
            return .none
        default:
            throw arguments.error("'dict' object has no attribute '\(name)'", kind: .typeMismatch)
        }
    }

    /// Sorts with Python ordering; values that cannot be ordered against each other are an error.
    func sorted(
        _ items: [Value], descending: Bool, caseInsensitive: Bool, at arguments: Arguments,
        key: (Value) throws(TemplateError) -> Value = { $0 }
    ) throws(TemplateError) -> [Value] {
        var keyed: [(key: Value, value: Value)] = []
        for item in items { keyed.append((try key(item), item)) }
        var failure: (Value, Value)?
        // A stable sort, like Python's.
        let result = keyed.enumerated().sorted { left, right in
            guard let order = left.element.key.pythonCompare(right.element.key, caseInsensitive: caseInsensitive) else {
                failure = (left.element.key, right.element.key)
                return false
            }
            if order == .orderedSame { return left.offset < right.offset }
            return descending ? order == .orderedDescending : order == .orderedAscending
        }
        if let (left, right) = failure {
            throw arguments.error(
                "'<' not supported between instances of '\(left.typeName)' and '\(right.typeName)'",
                kind: .typeMismatch)
        }
        return result.map(\.element.value)
    }
}
