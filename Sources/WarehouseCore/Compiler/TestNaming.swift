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
