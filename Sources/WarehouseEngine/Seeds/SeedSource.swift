public import Foundation

/// What a seed node loads: its CSV file and how to type and replace its table.
///
/// The file's display path (`seeds/orders.csv`, shown in every error) is the node's ``ExecutionNode/path``.
public struct SeedSource: Sendable, Hashable {
    /// The CSV file to read.
    public var fileURL: URL
    /// Postgres type names by column (the seed's `column_types` config); other columns' types are inferred.
    public var columnTypes: [String: String]
    /// Whether to rebuild the table even when its columns are unchanged (`wh seed --full-refresh`, or the seed's
    /// own `full_refresh` config, which wins over the flag as in dbt); a rebuild drops views on the old table.
    public var fullRefresh: Bool

    public init(fileURL: URL, columnTypes: [String: String] = [:], fullRefresh: Bool = false) {
        self.fileURL = fileURL
        self.columnTypes = columnTypes
        self.fullRefresh = fullRefresh
    }
}
