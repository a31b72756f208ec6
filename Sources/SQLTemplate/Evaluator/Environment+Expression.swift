extension Environment {
    /// Evaluates one expression (`ref('customers')`, `var('values')`) to its value, keeping its type: Jinja's
    /// native rendering, which dbt uses for the arguments of tests in property files.
    ///
    /// The expression comes from a configuration file rather than a template, so errors are reported at
    /// `location`, the place in that file where it was written.
    public func evaluate(expression: String, path: String, location: SourceLocation) throws(TemplateError) -> Value {
        do throws(TemplateError) {
            let template = try Template(source: "{{ \(expression) }}", path: path)
            guard template.nodes.count == 1, case .output(let parsed) = template.nodes[0] else {
                throw TemplateError(.syntax, "expected one expression, found '\(expression)'", at: location)
            }
            let renderer =
                activeRenderers.last ?? Renderer(environment: self, variables: [:], unit: template.unit)
            let previousUnit = renderer.unit
            renderer.unit = template.unit
            defer { renderer.unit = previousUnit }
            return try renderer.evaluate(parsed, in: Scope(parent: nil))
        } catch {
            var relocated = error
            relocated.diagnostic.location = location
            relocated.diagnostic.sourceLine = nil
            throw relocated
        }
    }
}
