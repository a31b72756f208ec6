public import SQLTemplate

/// A row of a CSV file that was not loaded, as it goes to `<table>_rejects`.
public struct CSVRejectedRow: Sendable, Hashable {
    /// The 1-based line the row starts on.
    public var line: Int
    /// The 1-based line of the problem (a later line than `line` inside a multi-line row).
    public var errorLine: Int
    /// The 1-based column of the problem, in Unicode scalars.
    public var column: Int
    /// The row as written in the file, without its line end.
    public var rawLine: String
    /// What is wrong with it.
    public var error: String

    /// A rejected row starting on `line`, its problem at `errorLine` (default: `line`) and `column`.
    public init(line: Int, errorLine: Int? = nil, column: Int, rawLine: String, error: String) {
        self.line = line
        self.errorLine = errorLine ?? line
        self.column = column
        self.rawLine = rawLine
        self.error = error
    }

    /// The problem as a located diagnostic in the file at `path`.
    public func diagnostic(path: String) -> Diagnostic {
        let lines = rawLine.split(separator: "\n", omittingEmptySubsequences: false)
        let index = errorLine - line
        let shown = lines.indices.contains(index) ? String(lines[index]) : nil
        return Diagnostic(
            location: SourceLocation(path: path, line: errorLine, column: column), message: error, sourceLine: shown)
    }
}
