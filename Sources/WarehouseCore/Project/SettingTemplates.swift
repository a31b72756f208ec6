import SQLTemplate

/// Renders configuration values (project.yml's `connection:`, `ingest:` and `serve.auth:`, dbt's profiles.yml) as
/// templates whose only global is `env_var(name, default)`, the way secrets reach a project.
///
/// A value that fails (an unset variable without a default, a template syntax error) is reported at its location
/// without its text, which may be a password.
struct SettingTemplates {
    private let templates: Environment

    init(environment: [String: String]) {
        templates = Environment(strictUndefined: true)
        templates.globals["env_var"] = .function(EnvVarFunction.make(environment))
    }

    /// `text` rendered; text without a template tag is returned as it is.
    ///
    /// - Parameter what: the value as messages name it after "in " (`` `connection.password` ``).
    func render(_ text: String, what: String, at location: SourceLocation) throws(Diagnostic) -> String {
        guard text.contains("{{") || text.contains("{%") || text.contains("{#") else { return text }
        do throws(TemplateError) {
            return try templates.render(Template(source: text, path: location.path))
        } catch {
            throw Diagnostic(location: location, message: "in \(what): \(error.message)", help: error.diagnostic.help)
        }
    }
}
