public import SQLTemplate

/// Malformed `--select`/`--exclude` expressions, each pointing at a column of the option's value
/// (the location's path is the option, such as `--select`, and its line is 1).
public struct SelectionError: Error, Sendable, CustomStringConvertible {
    /// Never empty.
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
