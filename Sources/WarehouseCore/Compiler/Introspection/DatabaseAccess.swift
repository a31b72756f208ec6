public import SQLTemplate

/// What the template context needs of a database to introspect: run SQL and get its rows.
///
/// `run_query`, `statement` and the `adapter`'s catalog methods go through it. The compiler declares it and never
/// touches a database itself; the engine supplies a Postgres-backed one when it renders a node just before running
/// it.
///
/// Used from one thread at a time (the render worker's).
public protocol DatabaseAccess: AnyObject {
    /// Runs `sql` and returns the last statement's result: a template's SQL (one statement or a `;`-separated
    /// script) without `parameters`, or one catalog query with its values bound to `$1`, `$2`, ...
    func run(_ sql: String, parameters: [String]) throws(DatabaseAccessError) -> QueryTable
}

/// The result of one statement: column names and type names, rows of typed values, and the command's status.
public struct QueryTable: Sendable {
    public var columnNames: [String]
    /// Postgres type names of the columns (`int4`, `numeric`, `text`, ...).
    public var columnTypes: [String]
    /// Row-major values, typed as dbt's result tables type them: integers, numbers, booleans, text; `.none` is NULL.
    public var rows: [[Literal]]
    /// The command tag (`SELECT 3`, `CREATE TABLE`).
    public var status: String
    public var rowsAffected: Int?

    public init(columnNames: [String], columnTypes: [String], rows: [[Literal]], status: String, rowsAffected: Int?) {
        self.columnNames = columnNames
        self.columnTypes = columnTypes
        self.rows = rows
        self.status = status
        self.rowsAffected = rowsAffected
    }
}

/// A statement the database refused, in words the template error shows.
public struct DatabaseAccessError: Error, Sendable {
    /// The server's message with its SQLSTATE, detail and hint.
    public var message: String
    /// The SQL as sent.
    public var sql: String

    public init(message: String, sql: String) {
        self.message = message
        self.sql = sql
    }
}
