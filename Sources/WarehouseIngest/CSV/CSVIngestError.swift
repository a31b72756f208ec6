public import PostgresClient
public import SQLTemplate
public import WarehouseCore

/// Why a CSV file was not loaded; nothing of it was written.
public struct CSVIngestError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for tests and callers to match on.
    public enum Kind: Sendable {
        /// No file at the path.
        case missingFile
        /// The file could not be opened or read; the payload is the system's reason.
        case unreadable(String)
        /// Bytes that are not UTF-8.
        case notUTF8
        /// The file has no bytes at all.
        case empty
        /// The first line has no column names.
        case noHeader
        /// A header name that cannot be a column: empty, repeated, or one of `wh`'s own `_wh_` columns.
        case badHeader(String)
        /// `column_types` names a column the header does not have.
        case unknownTypedColumn(name: String, suggestion: String?)
        /// The table exists with other columns than the file's.
        case tableMismatch(table: IngestTable, differences: [String])
        /// `--strict`: the file has bad rows; these are the first.
        case badRows([CSVRejectedRow])
        /// More bad rows than ``CSVIngestOptions/maximumRejects``.
        case tooManyRejects(Int)
        /// The file changed while it was read.
        case fileChanged
        /// The server refused a statement or the data.
        case postgres(PostgresError)
    }

    /// What went wrong.
    public var kind: Kind
    /// Where in the file: line 1, column 1 for problems with the whole file.
    public var location: SourceLocation
    /// The text of the offending line, when it is known.
    public var sourceLine: String?

    /// An error of `kind` at `location`, showing `sourceLine` when given.
    public init(_ kind: Kind, at location: SourceLocation, sourceLine: String? = nil) {
        self.kind = kind
        self.location = location
        self.sourceLine = sourceLine
    }

    /// The error rendered like a compiler message: location, message, the line and what would fix it.
    public var diagnostic: Diagnostic {
        Diagnostic(location: location, message: message, sourceLine: sourceLine, help: help)
    }

    public var description: String {
        guard case .badRows(let rows) = kind, rows.count > 1 else { return diagnostic.description }
        return ([diagnostic.description] + rows.dropFirst().map { $0.diagnostic(path: location.path).description })
            .joined(separator: "\n")
    }

    private var message: String {
        switch kind {
        case .missingFile: "no such file"
        case .unreadable(let reason): "cannot read the file: \(reason)"
        case .notUTF8: "the file is not UTF-8"
        case .empty: "the file is empty"
        case .noHeader: "the first line holds no column names"
        case .badHeader(let problem): problem
        case .unknownTypedColumn(let name, _): "`column_types` names '\(name)', which the header does not have"
        case .tableMismatch(let table, let differences):
            "\(table) exists with other columns than this file: \(differences.joined(separator: "; "))"
        case .badRows(let rows): rows.first.map { "\($0.error) (--strict: nothing loaded)" } ?? "bad rows"
        case .tooManyRejects(let count): "more than \(count) rows are bad; nothing was loaded"
        case .fileChanged: "the file changed while it was loaded; nothing was loaded"
        case .postgres(let error): "the server refused the data: \(error.description)"
        }
    }

    private var help: String? {
        switch kind {
        case .missingFile: "check the path; globs are expanded by your shell, or by `path:` in the project file"
        case .unreadable: nil
        case .notUTF8: "save the file as UTF-8 (for example `iconv -f latin1 -t utf-8`)"
        case .empty: "a CSV file needs a header line naming its columns"
        case .noHeader: "start the file with a line of column names, such as `order_id,quantity`"
        case .badHeader:
            "name every column once; rename with `header: {Old Name: new_name}` in the project file"
        case .unknownTypedColumn(_, let suggestion):
            suggestion.map { "did you mean '\($0)'?" } ?? "type only columns of the file's header (after renaming)"
        case .tableMismatch(let table, _):
            "load into a new table with --into, rename columns with `header:`, or drop \(table) if it holds nothing to keep"
        case .badRows: "fix the rows, or load without --strict to set them aside in the rejects table"
        case .tooManyRejects: "check that this is the file meant and that the delimiter is right"
        case .fileChanged: "load it again once it is complete"
        case .postgres(let error):
            error.hint
                ?? "wh checks values of the types it knows (numbers, booleans, dates, timestamps, text lengths);"
                + " fix the value, or load the column as text"
        }
    }
}
