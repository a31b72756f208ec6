/// A few rows a data test selected, as text, to show what failed.
public struct FailingRows: Sendable, Hashable {
    /// How many failing rows are fetched for a message.
    public static let sampleSize = 5

    public var columns: [String]
    /// Values in Postgres's text format, one array per row in column order; `nil` is SQL `NULL`.
    public var rows: [[String?]]

    public init(columns: [String], rows: [[String?]]) {
        self.columns = columns
        self.rows = rows
    }

    /// The rows as lines `column | column`, then `value | NULL`, for messages.
    public var lines: [String] {
        [columns.joined(separator: " | ")] + rows.map { $0.map { $0 ?? "NULL" }.joined(separator: " | ") }
    }
}
