/// A 1-based line and column within a statement's text.
public struct StatementLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// Maps a 1-based character offset (as Postgres reports it) to a line and column of `text`.
    ///
    /// Returns `nil` when the offset lies outside the text (one past the end is allowed: the server
    /// reports it for an unexpected end of input).
    public init?(offset: Int, in text: String) {
        guard offset >= 1 else { return nil }
        var line = 1
        var column = 1
        var remaining = offset - 1
        for scalar in text.unicodeScalars {
            if remaining == 0 { break }
            remaining -= 1
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        guard remaining == 0 else { return nil }
        self.init(line: line, column: column)
    }

    public var description: String { "\(line):\(column)" }
}
