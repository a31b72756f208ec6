/// Builds the template tree from tokens by recursive descent, following Jinja2's grammar and precedence.
struct Parser {
    struct OpenBlock {
        var tag: String
        var position: Position
        var closer: String
    }

    var tokens: [Token]
    var index = 0
    let unit: TemplateUnit
    var docsBlocks: [(name: String, text: String, location: SourceLocation)] = []
    var openBlocks: [OpenBlock] = []
    /// One set per macro being parsed: the names its body mentions, to find `varargs`, `kwargs`, `caller`.
    var mentionedNames: [Set<String>] = []
    var loopDepth = 0
    /// How many expressions and blocks enclose the current token; the tree is never deeper than this gets.
    var depth = 0

    /// The deepest nesting of expressions and blocks a template may have.
    ///
    /// Parsing, rendering and freeing the tree recurse once per level, so this bounds their stack use
    /// (measured in docs/architecture.md); real templates nest a dozen levels at most.
    static let maximumDepth = 100

    init(tokens: [Token], unit: TemplateUnit) {
        self.tokens = tokens
        self.unit = unit
    }

    // MARK: - Token access

    var current: Token { tokens[index] }

    func peek(_ offset: Int = 1) -> Token {
        tokens[min(index + offset, tokens.count - 1)]
    }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    func error(_ message: String, at position: Position, help: String? = nil) -> TemplateError {
        unit.error(.syntax, message, at: position, help: help)
    }

    func isName(_ name: String) -> Bool {
        if case .name(let value) = tokens[index].kind { return value == name }
        return false
    }

    func isPunctuation(_ punctuation: Punctuation) -> Bool {
        if case .punctuation(let value) = tokens[index].kind { return value == punctuation }
        return false
    }

    var atBlockEnd: Bool {
        if case .blockEnd = tokens[index].kind { return true }
        return false
    }

    mutating func skip(_ punctuation: Punctuation) -> Bool {
        guard isPunctuation(punctuation) else { return false }
        advance()
        return true
    }

    mutating func skipName(_ name: String) -> Bool {
        guard isName(name) else { return false }
        advance()
        return true
    }

    mutating func expect(_ punctuation: Punctuation, help: String? = nil) throws(TemplateError) {
        guard skip(punctuation) else {
            throw error(
                "expected '\(punctuation.rawValue)', found \(current.kind.display)", at: current.position,
                help: help)
        }
    }

    mutating func expectName(_ what: String = "a name") throws(TemplateError) -> String {
        guard case .name(let name) = current.kind else {
            throw error("expected \(what), found \(current.kind.display)", at: current.position)
        }
        advance()
        return name
    }

    mutating func expectBlockEnd() throws(TemplateError) {
        guard atBlockEnd else {
            throw error(
                "expected '%}', found \(current.kind.display)", at: current.position,
                help: "end the tag with '%}'")
        }
        advance()
    }

    /// Enters one more level of nesting at `position`; callers restore `depth` when they leave it.
    mutating func descend(into construct: String, at position: Position) throws(TemplateError) {
        depth += 1
        guard depth <= Parser.maximumDepth else {
            throw unit.error(
                .limitExceeded, "\(construct) nested more than \(Parser.maximumDepth) levels deep", at: position,
                help: "blocks and expressions count together; split it into smaller parts with {% set %} or a macro")
        }
    }

    // MARK: - Bodies

    mutating func parseTemplate() throws(TemplateError) -> [Node] {
        let (nodes, _) = try parseBody(until: [])
        return nodes
    }

    /// Parses nodes until a block tag named in `endTags`; returns that tag's name with the current token on
    /// it (just after `{%`), or nil at the end of the template when `endTags` is empty.
    mutating func parseBody(until endTags: Set<String>) throws(TemplateError) -> ([Node], String?) {
        var nodes: [Node] = []
        while true {
            switch tokens[index].kind {
            case .text(let text):
                let line = current.position.line
                advance()
                nodes.append(.text(text, line: line))
            case .variableBegin:
                advance()
                let expression = try parseTuple()
                guard case .variableEnd = tokens[index].kind else {
                    throw error(
                        "expected '}}', found \(current.kind.display)", at: current.position,
                        help: "close the expression with '}}'")
                }
                advance()
                nodes.append(.output(expression))
            case .blockBegin:
                let opening = tokens[index].position
                advance()
                guard case .name(let tag) = current.kind else {
                    throw error("expected a tag name, found \(current.kind.display)", at: current.position)
                }
                if endTags.contains(tag) { return (nodes, tag) }
                // A block counts from its opening tag, so the header's expressions sit one level inside it.
                let entryDepth = depth
                if Parser.blockTags.contains(tag) { try descend(into: "blocks", at: opening) }
                let node = try parseStatement(tag, opening: opening)
                depth = entryDepth
                if let node { nodes.append(node) }
            case .end:
                if let block = openBlocks.last {
                    throw error(
                        "unclosed '\(block.tag)' block", at: block.position,
                        help: "close it with '{% \(block.closer) %}'")
                }
                return (nodes, nil)
            default:
                throw error("unexpected \(current.kind.display)", at: current.position)
            }
        }
    }

    /// Parses the body of a block opened at `position` up to one of `endTags`.
    ///
    /// Consumes the end tag's name. Returns the nodes and the end tag found.
    mutating func parseBlockBody(
        tag: String, at position: Position, closer: String, until endTags: Set<String>
    ) throws(TemplateError) -> ([Node], String) {
        openBlocks.append(OpenBlock(tag: tag, position: position, closer: closer))
        defer { openBlocks.removeLast() }
        let (nodes, end) = try parseBody(until: endTags)
        advance()
        return (nodes, end ?? closer)
    }

    static let endTagOpeners: [String: String] = [
        "endif": "if", "elif": "if", "else": "if or for", "endfor": "for", "endmacro": "macro", "endset": "set",
        "endcall": "call", "endfilter": "filter",
        "endwith": "with", "endtest": "test", "enddocs": "docs", "endraw": "raw",
    ]

    static let knownTags = [
        "if", "for", "set", "macro", "call", "filter", "do", "break", "continue", "test", "docs", "raw", "with",
    ]

    /// Tags that may open a block (`set` only with no `=`), each a level of nesting.
    static let blockTags: Set<String> = ["if", "for", "set", "macro", "call", "filter", "test", "with"]

    static let unsupportedTags: Set<String> = [
        "include", "import", "from", "extends", "block", "autoescape", "trans", "materialization",
        "snapshot",
    ]

    func unexpectedEndTag(_ tag: String, at position: Position) -> TemplateError {
        if let block = openBlocks.last {
            return error(
                "unexpected '{% \(tag) %}'", at: position,
                help: "the innermost open block is '\(block.tag)' at line \(block.position.line), column "
                    + "\(block.position.column); close it with '{% \(block.closer) %}' first")
        }
        let opener = Parser.endTagOpeners[tag] ?? tag
        return error("unexpected '{% \(tag) %}'", at: position, help: "there is no open '\(opener)' block here")
    }
}
