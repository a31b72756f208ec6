/// The outcome of one statement: its rows (copied out of libpq eagerly, as text) and its command tag.
///
/// All values are copied into Swift storage when the result is built and the underlying `PGresult` is
/// cleared at once, so a `QueryResult` is a plain value: `Sendable`, cheap to copy, with no lifetime tied
/// to the connection. Values are in Postgres's text format; the typed accessors parse that text.
///
/// A result is a collection of its rows:
/// ```swift
/// for row in try connection.query("select id, name from customers where country = $1", ["FR"]) {
///     print(try row.int("id") ?? 0, row.string("name") ?? "NULL")
/// }
/// ```
public struct QueryResult: Sendable {
    /// The column names, in order.
    public let columns: [String]
    /// The type OID of each column (for example 23 for `int4`, 25 for `text`).
    public let columnTypeOIDs: [UInt32]
    /// The command tag, such as `SELECT 3`, `INSERT 0 1` or `CREATE TABLE`.
    public let commandTag: String
    /// The number of rows the command affected (`INSERT`, `UPDATE`, `DELETE`, `COPY`, `SELECT`, ...);
    /// `nil` for commands that report none, such as `CREATE TABLE`.
    public let rowsAffected: Int?
    /// The number of rows returned.
    public let rowCount: Int
    /// Row-major values; `nil` is SQL `NULL`.
    let values: [String?]
    /// Column index by name; the first column wins when names repeat.
    let columnIndex: [String: Int]

    init(
        columns: [String], columnTypeOIDs: [UInt32], commandTag: String, rowsAffected: Int?, rowCount: Int,
        values: [String?]
    ) {
        self.columns = columns
        self.columnTypeOIDs = columnTypeOIDs
        self.commandTag = commandTag
        self.rowsAffected = rowsAffected
        self.rowCount = rowCount
        self.values = values
        var index: [String: Int] = [:]
        for (position, name) in columns.enumerated() where index[name] == nil { index[name] = position }
        self.columnIndex = index
    }

    /// The position of the column named `name`; throws when the result has no such column.
    public func columnIndex(of name: String) throws(PostgresError) -> Int {
        guard let index = columnIndex[name] else {
            throw PostgresError(
                kind: .client,
                message: "no column named \"\(name)\" in the result (columns: \(columns.joined(separator: ", ")))")
        }
        return index
    }

    /// Whether the value at `row`, `column` is SQL `NULL`.
    public func isNull(row: Int, column: Int) -> Bool {
        value(row: row, column: column) == nil
    }

    /// The value's text, or `nil` for `NULL`.
    public func string(row: Int, column: Int) -> String? {
        value(row: row, column: column)
    }

    /// The value as an integer, or `nil` for `NULL`; throws when the text is not an integer.
    public func int(row: Int, column: Int) throws(PostgresError) -> Int? {
        try parse(row: row, column: column, as: "an integer") { Int($0) }
    }

    /// The value as a double, or `nil` for `NULL`; throws when the text is not a number.
    public func double(row: Int, column: Int) throws(PostgresError) -> Double? {
        try parse(row: row, column: column, as: "a number") { text in
            switch text {
            case "NaN": .nan
            case "Infinity": .infinity
            case "-Infinity": -.infinity
            default: Double(text)
            }
        }
    }

    /// The value as a boolean (`t`/`f` in Postgres's text format), or `nil` for `NULL`; throws otherwise.
    public func bool(row: Int, column: Int) throws(PostgresError) -> Bool? {
        try parse(row: row, column: column, as: "a boolean") { text in
            switch text {
            case "t": true
            case "f": false
            default: nil
            }
        }
    }

    func value(row: Int, column: Int) -> String? {
        precondition(row >= 0 && row < rowCount, "row \(row) out of range 0..<\(rowCount)")
        precondition(column >= 0 && column < columns.count, "column \(column) out of range 0..<\(columns.count)")
        return values[row * columns.count + column]
    }

    private func parse<T>(row: Int, column: Int, as kind: String, _ convert: (String) -> T?) throws(PostgresError) -> T?
    {
        guard let text = value(row: row, column: column) else { return nil }
        guard let converted = convert(text) else {
            throw PostgresError(
                kind: .client, message: "column \"\(columns[column])\" row \(row): \"\(text)\" is not \(kind)")
        }
        return converted
    }
}
