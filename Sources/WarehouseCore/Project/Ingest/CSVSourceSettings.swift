public import SQLTemplate

/// One entry of `ingest.csv`: CSV files matched by a glob, loaded into a bronze table.
public struct CSVSourceSettings: Sendable, Hashable {
    /// Unique among all ingest sources.
    public var name: String
    /// A glob relative to the project folder, such as `data/retail/*.csv`, possibly through `env_var()`.
    public var path: String
    /// The bronze table the rows land in.
    public var table: IngestTable
    /// The field separator: one ASCII character, `,` unless given.
    public var delimiter: Character
    /// Renames from header names to column names; other header names are the column names.
    public var header: [String: String]
    /// Postgres types by column name (after renaming); other columns are `text`.
    public var columnTypes: [String: String]
    /// Where the entry is written in the project file.
    public var location: SourceLocation

    /// A source with the defaults of the keys left out.
    public init(
        name: String, path: String, table: IngestTable, delimiter: Character = ",", header: [String: String] = [:],
        columnTypes: [String: String] = [:], location: SourceLocation
    ) {
        self.name = name
        self.path = path
        self.table = table
        self.delimiter = delimiter
        self.header = header
        self.columnTypes = columnTypes
        self.location = location
    }
}
