import SQLTemplate
import Yams

/// Turns Yams' parse errors into diagnostics at the line and column libyaml reported.
enum YAMLSyntaxError {
    static func diagnostic(for error: any Error, path: String, text: String) -> Diagnostic {
        var line = 1
        var column = 1
        var message = "invalid YAML: \(error)"
        var help: String?
        if let yamlError = error as? YamlError {
            switch yamlError {
            case .scanner(let context, let problem, let mark, _),
                .parser(let context, let problem, let mark, _),
                .composer(let context, let problem, let mark, _):
                (line, column) = (mark.line, mark.column)
                message = "invalid YAML: \(problem)"
                help = context.map { "\($0.text) at line \($0.mark.line), column \($0.mark.column)" }
                if indentationProblems.contains(problem) {
                    help = Self.indentationHelp + (help.map { " (\($0))" } ?? "")
                } else if problem == "mapping values are not allowed in this context" {
                    help = "a value holding ': ' needs quotes; otherwise " + Self.indentationHelp
                }
            case .duplicatedKeysInMapping(let duplicates, let context):
                (line, column) = (context.mark.line, context.mark.column)
                let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
                message = "invalid YAML: duplicate key \(keys) in a mapping"
                help = "each key may appear once in a mapping; remove or rename the repeated one"
            case .reader(let problem, let offset, _, _):
                if let offset { (line, column) = position(ofCharacterOffset: offset, in: text) }
                message = "invalid YAML: \(problem)"
            default:
                break
            }
        }
        return Diagnostic(
            location: SourceLocation(path: path, line: line, column: column), message: message, help: help
        )
        .withSourceLine(from: text)
    }

    /// libyaml's words for what is nearly always a line indented one level too far or not far enough.
    private static let indentationProblems: Set<String> = [
        "did not find expected key", "did not find expected '-' indicator",
        "block sequence entries are not allowed in this context",
    ]

    private static let indentationHelp =
        "check the indentation: the keys of one mapping start in the same column, and what belongs to a key is "
        + "indented further than the key"

    /// The 1-based line and column (in Unicode scalars) of the `offset`th character.
    private static func position(ofCharacterOffset offset: Int, in text: String) -> (Int, Int) {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return (line, column)
    }
}
