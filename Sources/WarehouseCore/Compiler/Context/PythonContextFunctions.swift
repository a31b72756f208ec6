import SQLTemplate

/// dbt's context functions that wrap Python builtins: `zip`, `set`, `tojson`, `fromjson`, `local_md5`, `print`.
///
/// As in dbt, `zip` and `set` answer their `default` (None) where Python raises a TypeError, and `fromjson`
/// answers it for text that is not JSON.
enum PythonContextFunctions {
    static var values: [String: Value] {
        [
            "zip": .function(NativeFunction(name: "zip", zip)),
            "set": .function(NativeFunction(name: "set", set)),
            "tojson": .function(NativeFunction(name: "tojson", toJSON)),
            "fromjson": .function(NativeFunction(name: "fromjson", fromJSON)),
            "local_md5": .function(
                NativeFunction(name: "local_md5") { arguments throws(TemplateError) in
                    .string(MD5.hexDigest(try arguments.string(at: 0, named: "value")))
                }),
            // dbt's print writes to standard output, which a compile keeps for its own report, and renders as ''.
            "print": .function(NativeFunction(name: "print") { _ in .string("") }),
        ]
    }

    /// The items of a Python iterable, or nil when it is not one.
    static func iterableItems(_ value: Value) -> [Value]? {
        switch value {
        case .list(let storage): storage.items
        case .dict(let storage): storage.keys.map(storage.key)
        case .string(let text): text.map { .string(String($0)) }
        default: nil
        }
    }

    private static func zip(_ arguments: Arguments) throws(TemplateError) -> Value {
        var columns: [[Value]] = []
        for argument in arguments.positional {
            guard let items = iterableItems(argument) else { return arguments.keyword("default") ?? .none }
            columns.append(items)
        }
        let count = columns.map(\.count).min() ?? 0
        return .list((0..<count).map { row in .list(ListStorage(columns.map { $0[row] }, isTuple: true)) })
    }

    private static func set(_ arguments: Arguments) throws(TemplateError) -> Value {
        let fallback = arguments.value(at: 1, named: "default") ?? .none
        guard let value = arguments.value(at: 0, named: "value"), let items = iterableItems(value) else {
            return fallback
        }
        var unique: [Value] = []
        for item in items {
            // Lists and dicts are unhashable: Python's set() raises a TypeError, which dbt answers with the default.
            switch item {
            case .list(let storage) where !storage.isTuple: return fallback
            case .dict: return fallback
            default: break
            }
            if !unique.contains(where: { $0.pythonEquals(item) }) { unique.append(item) }
        }
        return .list(ListStorage(unique, view: .set))
    }

    private static func toJSON(_ arguments: Arguments) throws(TemplateError) -> Value {
        guard let value = arguments.value(at: 0, named: "value") else {
            throw arguments.error("tojson() needs a value", kind: .wrongArguments)
        }
        let sortKeys = arguments.value(at: 2, named: "sort_keys")?.isTruthy ?? false
        return .string(try JSONWriter.write(value, sortKeys: sortKeys, htmlSafe: false, at: arguments))
    }

    private static func fromJSON(_ arguments: Arguments) throws(TemplateError) -> Value {
        let text = try arguments.string(at: 0, named: "string")
        return JSONReader.read(text) ?? arguments.value(at: 1, named: "default") ?? .none
    }
}
