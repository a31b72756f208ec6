public import SQLTemplate

extension ConnectionSettings {
    /// The keys of the block with the fields holding their values.
    static let fields: [(key: String, field: any WritableKeyPath<ConnectionSettings, String?> & Sendable)] = [
        ("host", \.host), ("port", \.port), ("user", \.user), ("password", \.password), ("dbname", \.dbname),
        ("url", \.url),
    ]

    /// The settings with every value rendered as a template in which `env_var(name, default)` reads `environment`.
    ///
    /// - Parameter projectFileText: the project file's text, to show the offending line in errors.
    /// - Throws: a diagnostic at the value that could not be rendered (an unset variable without a default, a
    ///   template syntax error). It never contains the value itself, which may be a password.
    public func rendered(environment: [String: String], projectFileText: String? = nil) throws(Diagnostic)
        -> ConnectionSettings
    {
        let templates = SettingTemplates(environment: environment)
        var rendered = self
        for (key, field) in Self.fields {
            guard let text = self[keyPath: field] else { continue }
            do throws(Diagnostic) {
                rendered[keyPath: field] = try templates.render(
                    text, what: "`connection.\(key)`", at: location(of: key))
            } catch {
                throw projectFileText.map(error.withSourceLine(from:)) ?? error
            }
        }
        return rendered
    }
}
