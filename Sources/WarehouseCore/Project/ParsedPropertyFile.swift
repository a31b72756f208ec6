import SQLTemplate

/// One property file parsed on its own, before its entries are checked against the project's nodes.
struct ParsedPropertyFile: Sendable {
    let text: String
    let file: PropertyFile
    /// Problems with the file itself: its YAML, and values of the wrong shape.
    let diagnostics: [Diagnostic]

    init(path: String, text: String) {
        var reader = YAMLReader(path: path, text: text)
        file = reader.propertyFile(reader.compose())
        diagnostics = reader.diagnostics
        self.text = text
    }
}
