import Foundation
public import SQLTemplate

extension DbtProfileTarget {
    /// The target with its values rendered as dbt renders profiles.yml: templates in which `env_var(name, default)`
    /// reads `environment`.
    ///
    /// - Parameters:
    ///   - path: how errors name profiles.yml; `text` is its text, for the offending line.
    /// - Throws: a ``ProjectError`` at the value that could not be rendered (an unset variable without a default,
    ///   a template error, `threads` that is no number); it never shows the value, which may be a password.
    public func rendered(environment: [String: String], path: String, text: String) throws(ProjectError)
        -> DbtProfileTarget
    {
        let templates = SettingTemplates(environment: environment)
        let fields: [(key: String, field: WritableKeyPath<DbtProfileTarget, String?>)] = [
            ("host", \.host), ("port", \.port), ("user", \.user), ("password", \.password), ("dbname", \.dbname),
            ("schema", \.schema), ("threads", \.threadsTemplate),
        ]
        var result = self
        var diagnostics: [Diagnostic] = []
        for (key, field) in fields {
            guard let value = self[keyPath: field] else { continue }
            let location = valueLocations[key] ?? SourceLocation(path: path, line: 1, column: 1)
            do throws(Diagnostic) {
                result[keyPath: field] = try templates.render(
                    value, what: "`\(key)` of target '\(target)'", at: location)
            } catch {
                diagnostics.append(error.withSourceLine(from: text))
            }
        }
        if let threads = result.threadsTemplate {
            result.threadsTemplate = nil
            if let number = Int(threads.trimmingCharacters(in: .whitespaces)), number >= 1 {
                result.threads = number
            } else {
                diagnostics.append(
                    Diagnostic(
                        location: valueLocations["threads"] ?? SourceLocation(path: path, line: 1, column: 1),
                        message: "`threads` of target '\(target)' renders as '\(threads)', not a number of threads",
                        help: "make it render a whole number of at least 1, e.g. {{ env_var('THREADS', '4') }}"
                    ).withSourceLine(from: text))
            }
        }
        guard diagnostics.isEmpty else { throw ProjectError(diagnostics: diagnostics) }
        return result
    }

    /// The connection settings the target describes, located in profiles.yml, as project.yml's `connection:` is.
    public func connectionSettings(at location: SourceLocation) -> ConnectionSettings {
        var settings = ConnectionSettings(location: location)
        settings.host = host
        settings.port = port
        settings.user = user
        settings.password = password ?? literalPassword
        settings.dbname = dbname
        settings.valueLocations = valueLocations
        settings.dbtProfile = "target '\(target)' of profile '\(profile)'"
        return settings
    }

    /// `settings` with the target's name, schema and threads, as dbt's `target` has them.
    public func targetSettings(over settings: TargetSettings) -> TargetSettings {
        var result = settings
        result.name = target
        if let schema { result.schema = schema }
        if let threads { result.threads = threads }
        return result
    }
}
