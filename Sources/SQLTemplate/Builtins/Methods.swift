/// The Python methods templates may call on strings, lists and dicts.
enum Methods {
    static let string: Set<String> = [
        "upper", "lower", "strip", "lstrip", "rstrip", "split", "rsplit", "splitlines", "startswith", "endswith",
        "replace", "format", "join", "title", "capitalize", "isdigit", "isalpha", "isalnum", "islower", "isupper",
        "isspace", "find", "rfind", "index", "count", "zfill", "ljust", "rjust", "center", "partition", "casefold",
        "swapcase", "rpartition", "istitle", "removeprefix", "removesuffix", "expandtabs", "isnumeric", "isdecimal",
        "isidentifier", "encode",
    ]
    static let list: Set<String> = [
        "append", "extend", "pop", "index", "count", "insert", "remove", "reverse", "sort", "copy", "clear",
    ]
    static let dict: Set<String> = [
        "items", "keys", "values", "get", "update", "pop", "popitem", "setdefault", "copy", "clear",
    ]

    static func has(_ name: String, on value: Value) -> Bool {
        switch value {
        case .string: string.contains(name)
        case .list(let storage): storage.isTuple ? (name == "index" || name == "count") : list.contains(name)
        case .dict: dict.contains(name)
        default: false
        }
    }
}

extension Renderer {
    /// Calls the Python method `name` on `receiver`; the caller has checked `Methods.has`.
    func callMethod(_ name: String, of receiver: Value, _ arguments: Arguments) throws(TemplateError) -> Value {
        if receiver.isMarkup, name == "format" {
            // Markup's format escapes what it inserts.
            func escaped(_ value: Value) -> Value {
                if case .string(let text) = value { return .string(htmlEscape(text)) }
                return value.unwrappingMarkup
            }
            var escapedArguments = arguments
            escapedArguments.positional = arguments.positional.map(escaped)
            escapedArguments.keyword = arguments.keyword.map { ($0.name, escaped($0.value)) }
            return .markup(try pythonFormat(receiver.renderedString, escapedArguments))
        }
        switch receiver.unwrappingMarkup {
        case .string(let text): return try stringMethod(name, text, arguments)
        case .list(let storage): return try listMethod(name, storage, arguments)
        case .dict(let storage): return try dictMethod(name, storage, arguments)
        default: throw arguments.error("'\(receiver.typeName)' object has no attribute '\(name)'", kind: .typeMismatch)
        }
    }

    /// Checks the argument count of a method call, and that only the `keywords` listed are passed by name.
    ///
    /// With no keywords passed, `lowerBound` positional arguments are guaranteed to exist.
    func checkArity(_ arguments: Arguments, _ name: String, _ range: ClosedRange<Int>, keywords: Set<String> = [])
        throws(TemplateError)
    {
        if let unexpected = arguments.keyword.first(where: { !keywords.contains($0.name) }) {
            throw arguments.error("\(name)() takes no keyword argument '\(unexpected.name)'", kind: .wrongArguments)
        }
        let count = arguments.positional.count + arguments.keyword.count
        guard range.contains(count) else {
            let expected =
                range.lowerBound == range.upperBound
                ? "exactly \(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
            throw arguments.error("\(name)() takes \(expected) argument(s), got \(count)", kind: .wrongArguments)
        }
    }

    func integerArgument(_ arguments: Arguments, _ index: Int, _ name: String, in method: String)
        throws(TemplateError) -> Int?
    {
        guard let value = arguments.value(at: index, named: name), !value.isNone else { return nil }
        guard let integer = value.integer else {
            throw arguments.error(
                "\(method)() argument '\(name)' must be an integer, not \(value.typeName)",
                kind: .typeMismatch)
        }
        return integer
    }

    func stringArgument(_ arguments: Arguments, _ index: Int, _ name: String, in method: String)
        throws(TemplateError) -> String?
    {
        guard let value = arguments.value(at: index, named: name), !value.isNone else { return nil }
        guard case .string(let text) = value else {
            throw arguments.error(
                "\(method)() argument '\(name)' must be a string, not \(value.typeName)",
                kind: .typeMismatch)
        }
        return text
    }
}
