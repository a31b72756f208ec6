/// One template's path and text, shared by its tokens, tree and macros so errors can show the offending line.
final class TemplateUnit: Sendable {
    let path: String
    let source: String

    init(path: String, source: String) {
        self.path = path
        self.source = source
    }

    func location(_ position: Position) -> SourceLocation {
        SourceLocation(path: path, line: position.line, column: position.column)
    }

    func error(_ kind: TemplateError.Kind, _ message: String, at position: Position, help: String? = nil)
        -> TemplateError
    {
        TemplateError(kind, message, at: location(position), source: source, help: help)
    }
}
