public import WarehouseCore

/// How `wh ingest csv` loads files: where to, how to read them, and what to do with bad rows and known files.
public struct CSVIngestOptions: Sendable, Hashable {
    /// The bronze table, created when missing.
    public var table: IngestTable
    /// The field separator (one ASCII byte other than a quote, CR or LF).
    public var delimiter: UInt8
    /// Renames from header names to column names.
    public var header: [String: String]
    /// Postgres types by column name (after renaming); other columns are `text`.
    public var columnTypes: [String: String]
    /// Load a file again even when the ledger says its content is already in the table.
    public var force: Bool
    /// Fail the whole file at the first bad row instead of sending bad rows to `<table>_rejects`.
    public var strict: Bool
    /// How many bytes are read from the file, and sent to the server, at once.
    public var chunkSize: Int
    /// The most rejected rows one file may have before it is refused whole; they are kept in memory until the
    /// rows are copied (a file with more bad rows than this is probably not the file meant).
    public var maximumRejects: Int

    /// Options for loading into `table`; the defaults read `,`-separated text columns, skip known files and
    /// set bad rows aside.
    public init(
        table: IngestTable, delimiter: UInt8 = UInt8(ascii: ","), header: [String: String] = [:],
        columnTypes: [String: String] = [:], force: Bool = false, strict: Bool = false, chunkSize: Int = 1 << 20,
        maximumRejects: Int = 100_000
    ) {
        self.table = table
        self.delimiter = delimiter
        self.header = header
        self.columnTypes = columnTypes
        self.force = force
        self.strict = strict
        self.chunkSize = chunkSize
        self.maximumRejects = maximumRejects
    }

    /// The options of a configured source (`ingest.csv` in the project file).
    public init(source: CSVSourceSettings, force: Bool = false, strict: Bool = false) {
        self.init(
            table: source.table, delimiter: source.delimiter.asciiValue ?? UInt8(ascii: ","), header: source.header,
            columnTypes: source.columnTypes, force: force, strict: strict)
    }
}
