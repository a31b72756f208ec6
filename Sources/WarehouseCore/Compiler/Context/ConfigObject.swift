import SQLTemplate

/// dbt's `config`: callable as `config(materialized='table')` to set values, readable as `config.get('key')`.
///
/// Calls are recorded, not applied: the compiler merges them into the node's configuration with the same rules
/// as project and property-file configs.
final class ConfigObject: TemplateObject {
    private let config: NodeConfig
    private(set) var calls: [(values: [String: Literal], location: SourceLocation)] = []

    init(_ config: NodeConfig) {
        self.config = config
    }

    var renderedString: String { "" }

    func call(_ arguments: Arguments) throws(TemplateError) -> Value {
        var values: [String: Literal] = [:]
        for (name, value) in arguments.keyword {
            guard let literal = value.literal else {
                throw arguments.error(
                    "config value '\(name)' must be a string, number, boolean, list or dict",
                    help: "pass a plain value, e.g. config(\(name)='table')")
            }
            values[name] = literal
        }
        if let first = arguments.positional.first {
            guard let literal = first.literal, case .dict(let pairs) = literal else {
                throw arguments.error("config() takes keyword arguments", help: "write config(materialized='table')")
            }
            for pair in pairs { values[pair.key] = pair.value }
        }
        calls.append((values, arguments.location))
        return .string("")
    }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "get":
            .function(
                NativeFunction(name: "config.get") { [self] arguments throws(TemplateError) in
                    let key = try arguments.string(at: 0, named: "name")
                    return currentValue(key).map(Value.init) ?? arguments.value(at: 1, named: "default") ?? .none
                })
        case "require":
            .function(
                NativeFunction(name: "config.require") { [self] arguments throws(TemplateError) in
                    let key = try arguments.string(at: 0, named: "name")
                    guard let value = currentValue(key) else {
                        throw arguments.error(
                            "required config '\(key)' is not set", help: "set it with config(\(key)=...)")
                    }
                    return Value(value)
                })
        default: nil
        }
    }

    /// The value as the template sees it now: the latest `config()` call wins over the resolved configuration.
    func currentValue(_ key: String) -> Literal? {
        for call in calls.reversed() {
            if let value = call.values[key] { return value }
        }
        return config.value(forKey: key)
    }
}
