public import Foundation

/// What a seed node loads: its CSV file and how to type its columns.
///
/// The file's display path (`seeds/orders.csv`, shown in every error) is the node's ``ExecutionNode/path``.
public struct SeedSource: Sendable, Hashable {
    /// The CSV file to read.
    public var fileURL: URL
    /// Postgres type names by column (the seed's `column_types` config); other columns' types are inferred.
    public var columnTypes: [String: String]

    public init(fileURL: URL, columnTypes: [String: String] = [:]) {
        self.fileURL = fileURL
        self.columnTypes = columnTypes
    }
}
