/// A parsed template: lexed and parsed once, rendered any number of times by an `Environment`.
public struct Template: Sendable {
    /// The path used in error locations.
    public let path: String
    /// The template text.
    public let source: String
    let unit: TemplateUnit
    let nodes: [Node]
    /// `{% docs name %}…{% enddocs %}` blocks, in source order, with their text verbatim.
    public let docsBlocks: [(name: String, text: String, location: SourceLocation)]

    /// Lexes and parses `source`; syntax errors name `path`, line and column.
    ///
    /// Like Jinja (and so dbt), one line break at the very end of the source is not part of the output
    /// unless `keepTrailingNewline` is set.
    public init(source: String, path: String, keepTrailingNewline: Bool = false) throws(TemplateError) {
        var text = source
        if !keepTrailingNewline, text.hasSuffix("\n") || text.hasSuffix("\r\n") || text.hasSuffix("\r") {
            text.removeLast()
        }
        let unit = TemplateUnit(path: path, source: text)
        var parser = Parser(tokens: try Lexer.tokenize(unit), unit: unit)
        self.nodes = try parser.parseTemplate()
        self.docsBlocks = parser.docsBlocks
        self.unit = unit
        self.path = path
        self.source = source
    }

    /// Top-level `{% macro %}` and `{% test %}` definitions, in source order.
    var macroDefinitions: [MacroDefinition] {
        nodes.compactMap { node in
            if case .macro(let definition) = node { return definition }
            return nil
        }
    }

    /// Names of the top-level macros defined here; a `{% test name %}` block is named `test_name`.
    public var macroNames: [String] { macroDefinitions.map(\.name) }

    /// Where the top-level macro `name` is defined, if it is.
    public func macroLocation(_ name: String) -> SourceLocation? {
        macroDefinitions.first { $0.name == name }.map { unit.location($0.position) }
    }
}
