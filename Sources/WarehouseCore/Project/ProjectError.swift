public import SQLTemplate

/// Everything wrong with a project that stops it from loading, each problem with its file, line and column.
public struct ProjectError: Error, Sendable, CustomStringConvertible {
    /// In file order; never empty.
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
