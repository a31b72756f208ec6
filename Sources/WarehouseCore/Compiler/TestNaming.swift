import SQLTemplate

/// dbt's names for generic tests (`synthesize_generic_test_names`), so compiled files and ids match dbt's.
enum TestNaming {
    /// The full name (for ids and fqn) and the short one (for the compiled file), which is the full one unless that
    /// reaches 64 characters: then the first 30 characters of `<type>_<target>` and the MD5 of the full name.
    static func names(testType: String, targetName: String, arguments: [String: Literal]) -> (
        short: String, full: String
    ) {
        var flat: [String] = []
        for name in arguments.keys.sorted() where name != "model" {
            switch arguments[name] {
            case .dict(let pairs): flat += pairs.map { pythonString($0.value) }
            case .list(let items): flat += items.map(pythonString)
            case let value?: flat.append(pythonString(value))
            case nil: continue
            }
        }
        let unique = flat.map(identifierSafe).joined(separator: "__")
        let identifier = "\(testType)_\(targetName)"
        let full = "\(identifier)_\(unique)"
        // Python's len() and slices count code points, not Characters.
        guard full.unicodeScalars.count >= 64 else { return (full, full) }
        return ("\(String(identifier.unicodeScalars.prefix(30)))_\(MD5.hexDigest(full))", full)
    }

    /// The last part of a generic test's id, as dbt makes it: the last 10 hex digits of the MD5 of the test's full
    /// name followed by the Python repr of its metadata (`namespace`, `name`, `kwargs` with `model` and
    /// `column_name`), where dicts have sorted keys and every scalar is turned into its `str()`.
    static func idHash(
        fullName: String, testName: String, namespace: String?, kwargs: [String: Literal], model: String
    ) -> String {
        var arguments = kwargs
        arguments["model"] = .string(model)
        let metadata: Literal = .dict([
            .init(key: "namespace", value: namespace.map(Literal.string) ?? .none),
            .init(key: "name", value: .string(testName)),
            .init(key: "kwargs", value: .dict(arguments.map { .init(key: $0.key, value: $0.value) })),
        ])
        return String(MD5.hexDigest(fullName + hashable(metadata).representation).suffix(10))
    }

    /// dbt's `get_hashable_md`: dicts by sorted key, lists kept, everything else as its `str()`.
    private static func hashable(_ value: Literal) -> Value {
        switch value {
        case .dict(let pairs):
            let storage = DictStorage()
            let sorted = pairs.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
            for pair in sorted { storage[pair.key] = hashable(pair.value) }
            return .dict(storage)
        case .list(let items): return .list(items.map(hashable))
        case .string(let text): return .string(text)
        default: return .string(Value(value).renderedString)
        }
    }

    /// Python's `str()` of a YAML value, which dbt puts into the name.
    private static func pythonString(_ value: Literal) -> String {
        switch value {
        case .none: "None"
        case .bool(let flag): flag ? "True" : "False"
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .string(let text): text
        case .list(let items): "[" + items.map(pythonRepr).joined(separator: ", ") + "]"
        case .dict(let pairs): "{" + pairs.map { "'\($0.key)': \(pythonRepr($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    private static func pythonRepr(_ value: Literal) -> String {
        if case .string(let text) = value { return "'\(text)'" }
        return pythonString(value)
    }

    /// `re.sub("[^0-9a-zA-Z_]+", "_", text)`.
    private static func identifierSafe(_ text: String) -> String {
        var output = ""
        var inRun = false
        for scalar in text.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" {
                output.unicodeScalars.append(scalar)
                inRun = false
            } else if !inRun {
                output += "_"
                inRun = true
            }
        }
        return output
    }
}
