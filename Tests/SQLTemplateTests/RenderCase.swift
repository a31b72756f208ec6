import SQLTemplate
import Testing

/// A template and the output Jinja2 3.1 produced for it (computed with python3's jinja2 when the test was
/// written, with StrictUndefined and the do/loopcontrols extensions).
struct RenderCase: Sendable, CustomTestStringConvertible {
    var source: String
    var expected: String

    init(_ source: String, _ expected: String) {
        self.source = source
        self.expected = expected
    }

    var testDescription: String { source }
}

/// Parses and renders `source` in a fresh strict environment.
func render(
    _ source: String, variables: [String: Value] = [:], strict: Bool = true, path: String = "test.sql"
) throws(TemplateError) -> String {
    let template = try Template(source: source, path: path)
    return try Environment(strictUndefined: strict).render(template, variables: variables)
}

/// The error rendering `source` raises; fails the test when it renders.
func renderError(
    _ source: String, variables: [String: Value] = [:], path: String = "test.sql",
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> TemplateError? {
    do {
        let output = try render(source, variables: variables, path: path)
        Issue.record("expected an error, rendered \(output.debugDescription)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}
