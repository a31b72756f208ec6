public import SQLTemplate

extension IngestSettings {
    /// The settings with `brokers`, `topics`, `group`, `path` and `properties` rendered as templates in which
    /// `env_var(name, default)` reads `environment`.
    ///
    /// - Parameter projectFileText: the project file's text, to show the offending line in errors.
    /// - Throws: a diagnostic at the source whose value could not be rendered (an unset variable without a
    ///   default, a template syntax error). It never contains the value itself, which may be a secret.
    public func rendered(environment: [String: String], projectFileText: String? = nil) throws(Diagnostic)
        -> IngestSettings
    {
        let templates = SettingTemplates(environment: environment)
        func render(_ text: String, _ key: String, at location: SourceLocation) throws(Diagnostic) -> String {
            do throws(Diagnostic) {
                return try templates.render(text, what: "`\(key)`", at: location)
            } catch {
                throw projectFileText.map(error.withSourceLine(from:)) ?? error
            }
        }
        var result = self
        for index in result.kafka.indices {
            let source = kafka[index]
            let at = source.location
            var renderedSource = source
            if let brokers = source.brokers {
                renderedSource.brokers = try render(brokers, "ingest.kafka.brokers", at: at)
            }
            var topics: [String] = []
            for topic in source.topics { topics.append(try render(topic, "ingest.kafka.topics", at: at)) }
            renderedSource.topics = topics
            renderedSource.group = try render(source.group, "ingest.kafka.group", at: at)
            for (key, value) in source.properties {
                renderedSource.properties[key] = try render(value, "ingest.kafka.properties.\(key)", at: at)
            }
            result.kafka[index] = renderedSource
        }
        for index in result.csv.indices {
            result.csv[index].path = try render(csv[index].path, "ingest.csv.path", at: csv[index].location)
        }
        return result
    }
}
