import Foundation

// PostgresClient has its own `quoteIdentifier`; this internal copy keeps seeds free of that dependency
// until the two are merged into one.

/// `name` as a quoted Postgres identifier: in double quotes, with inner double quotes doubled.
func quoteIdentifier(_ name: String) -> String {
    "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
