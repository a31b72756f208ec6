public import SQLTemplate

/// dbt's `env_var(name, default)`: an environment variable's value, the default when it is unset, else an error.
public enum EnvVarFunction {
    /// The function reading `environment`.
    public static func make(_ environment: [String: String]) -> NativeFunction {
        NativeFunction(name: "env_var") { arguments throws(TemplateError) in
            let name = try arguments.string(at: 0, named: "var")
            if let value = environment[name] { return .string(value) }
            if let fallback = arguments.value(at: 1, named: "default") { return fallback }
            throw arguments.error(
                "environment variable '\(name)' is not set",
                help: "export \(name)=... or give a default: env_var('\(name)', 'value')")
        }
    }
}
