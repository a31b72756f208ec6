/// A 1-based line and column inside one template, counted while lexing; the path lives in the template.
struct Position: Sendable, Hashable {
    var line: Int
    var column: Int
}

/// Punctuation and operators inside `{{ }}` and `{% %}`.
enum Punctuation: String, Sendable, Hashable {
    case plus = "+"
    case minus = "-"
    case star = "*"
    case slash = "/"
    case doubleSlash = "//"
    case percent = "%"
    case doubleStar = "**"
    case tilde = "~"
    case leftParen = "("
    case rightParen = ")"
    case leftBracket = "["
    case rightBracket = "]"
    case leftBrace = "{"
    case rightBrace = "}"
    case comma = ","
    case dot = "."
    case colon = ":"
    case pipe = "|"
    case assign = "="
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
}

/// One lexical unit of a template.
enum TokenKind: Sendable, Hashable {
    /// Template data outside tags, after whitespace control.
    case text(String)
    case variableBegin
    case variableEnd
    case blockBegin
    case blockEnd
    case name(String)
    case string(String)
    case integer(Int)
    case float(Double)
    case punctuation(Punctuation)
    case end

    /// How the token is named in error messages.
    var display: String {
        switch self {
        case .text: "template text"
        case .variableBegin: "'{{'"
        case .variableEnd: "'}}'"
        case .blockBegin: "'{%'"
        case .blockEnd: "'%}'"
        case .name(let name): "'\(name)'"
        case .string(let value): "string '\(value)'"
        case .integer(let value): "number \(value)"
        case .float(let value): "number \(value)"
        case .punctuation(let punctuation): "'\(punctuation.rawValue)'"
        case .end: "end of template"
        }
    }
}

struct Token: Sendable {
    var kind: TokenKind
    var position: Position
}
