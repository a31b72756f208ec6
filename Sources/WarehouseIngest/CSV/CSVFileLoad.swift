public import WarehouseCore

/// What loading one CSV file did.
public struct CSVFileLoad: Sendable {
    /// Whether the rows were loaded or the file was skipped.
    public enum Outcome: Sendable {
        case loaded(fileID: Int)
        /// The ledger says this content is already in the table (loaded as `previous`); nothing was written.
        case skipped(previous: IngestLedger.Entry)
    }

    /// The file as the user named it.
    public var path: String
    /// The table loaded into.
    public var table: IngestTable
    /// Loaded or skipped.
    public var outcome: Outcome
    /// Rows loaded into the table.
    public var rows: Int
    /// Rows written to `<table>_rejects` instead.
    public var rejectedRows: Int
    /// The first few rejected rows, for the summary.
    public var firstRejects: [CSVRejectedRow]
    /// The file's size in bytes.
    public var bytes: Int
    /// The lowercase hex SHA-256 of the file.
    public var sha256: String
    /// How long loading took, from opening the file to the commit.
    public var seconds: Double
}

/// How far a file's load has got, reported as it goes (for a progress bar).
public struct CSVLoadProgress: Sendable {
    /// Bytes read from the file so far, of `totalBytes`.
    public var bytesRead: Int
    public var totalBytes: Int
    /// Rows sent to the table so far.
    public var rows: Int
    /// Seconds since the load started.
    public var seconds: Double
}
