import SQLTemplate

extension ConfigTree {
    /// The tree with every templated entry rendered in `environment` (dbt_project.yml's context: `env_var`, `var`,
    /// `target`) and validated like a written value; a value that fails either is a diagnostic at its place.
    ///
    /// As dbt renders the project file natively, a result that reads as a Python literal becomes that value:
    /// `True`/`False` a boolean, `None` null, digits a number; anything else stays text.
    func rendered(with environment: Environment, projectText: String, diagnostics: inout [Diagnostic]) -> ConfigTree {
        var result = self
        result.templated = []
        for entry in templated {
            do throws(TemplateError) {
                let text = try environment.render(Template(source: entry.template, path: entry.location.path))
                let value = Self.nativeValue(text)
                var scratch = NodeConfig(defaultsFor: .model)
                do {
                    try scratch.merge(key: entry.key, value: value)
                    result.config.append(Literal.KeyValue(key: entry.key, value: value))
                } catch {
                    diagnostics.append(
                        Diagnostic(
                            location: entry.location, message: "\(error.description) (rendered from a template)",
                            help: "make the template render a value that suits `\(entry.key)`"
                        ).withSourceLine(from: projectText))
                }
            } catch {
                diagnostics.append(
                    Diagnostic(
                        location: entry.location, message: "in `\(entry.key)`: \(error.message)",
                        help: error.diagnostic.help
                    ).withSourceLine(from: projectText))
            }
        }
        for (name, child) in children {
            result.children[name] = child.rendered(
                with: environment, projectText: projectText, diagnostics: &diagnostics)
        }
        return result
    }

    /// Whether this level or one below holds a templated entry.
    var hasTemplatedEntries: Bool {
        !templated.isEmpty || children.values.contains { $0.hasTemplatedEntries }
    }

    /// Python's reading of a rendered value, as dbt's native rendering does it, for the shapes configs take.
    private static func nativeValue(_ text: String) -> Literal {
        switch text {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return .none
        default:
            if let number = Int(text) { return .int(number) }
            if text.contains("."), let number = Double(text) { return .double(number) }
            return .string(text)
        }
    }
}
