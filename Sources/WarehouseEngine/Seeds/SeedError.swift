public import SQLTemplate
public import WarehouseCore

/// A seed file that cannot be loaded, with every problem found (up to a limit), in file order.
public struct SeedError: Error, Sendable, Hashable, CustomStringConvertible {
    public var issues: [SeedIssue]

    public init(_ issues: [SeedIssue]) {
        self.issues = issues
    }

    public var description: String { issues.map(\.diagnostic.description).joined(separator: "\n") }
}

/// One problem in a seed file, at its place in the file.
public struct SeedIssue: Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for tests and callers to match on.
    public enum Kind: Sendable, Hashable {
        /// The file is not valid CSV.
        case csv(CSVError.Kind)
        /// The file has no header line.
        case emptyFile
        case emptyColumnName
        /// A header name that an earlier column (at `firstColumn`, 1-based in characters) already has.
        case duplicateColumnName(String, firstColumn: Int)
        /// A `column_types` entry for a column the header does not have.
        case unknownColumnInColumnTypes(String, header: [String])
        /// A value that Postgres would not accept for the type `column_types` declares.
        case valueNotOfDeclaredType(column: String, declaredType: String, value: String, reason: String)
        /// The file changed between checking it and sending it.
        case fileChanged
    }

    public var kind: Kind
    public var location: SourceLocation
    public var sourceLine: String?

    public init(_ kind: Kind, at location: SourceLocation, sourceLine: String? = nil) {
        self.kind = kind
        self.location = location
        self.sourceLine = sourceLine
    }

    init(_ error: CSVError) {
        self.init(.csv(error.kind), at: error.location, sourceLine: error.sourceLine)
    }

    /// The issue rendered like a compiler message.
    public var diagnostic: Diagnostic {
        switch kind {
        case .csv(let csvKind):
            return CSVError(csvKind, at: location, sourceLine: sourceLine).diagnostic
        case .emptyFile:
            return diagnostic("the seed file is empty", help: "the first line must name the columns: id,name,...")
        case .emptyColumnName:
            return diagnostic("empty column name in the header", help: "name every column in the first line")
        case .duplicateColumnName(let name, let firstColumn):
            return diagnostic(
                "duplicate column name '\(name)' (first at column \(firstColumn))",
                help: "give every column a different name"
            )
        case .unknownColumnInColumnTypes(let name, let header):
            return diagnostic(
                "column_types names '\(name)', which is not a column of this seed",
                help: "the columns are: \(header.joined(separator: ", "))"
            )
        case .valueNotOfDeclaredType(let column, let declaredType, let value, let reason):
            return diagnostic(
                "value '\(value)' \(reason)",
                help: "column \(column) is declared \(declaredType) in column_types; fix the value or change the type"
            )
        case .fileChanged:
            return diagnostic("the file changed while it was being loaded", help: "run wh seed again")
        }
    }

    public var description: String { diagnostic.description }

    private func diagnostic(_ message: String, help: String) -> Diagnostic {
        Diagnostic(location: location, message: message, sourceLine: sourceLine, help: help)
    }
}
