import Foundation

/// An error from Postgres or from this client, carrying the server's diagnostic fields.
///
/// A `PostgresError` never carries bound parameter values or connection strings. It may carry the
/// statement text (`statement`) so that `position` can be mapped to a line and column; the statement
/// text holds `$n` placeholders, never the values bound to them.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Kind: Sendable, Hashable {
        /// The server could not be reached, or the connection broke.
        case connection
        /// The server reported an error with the given SQLSTATE code.
        case server(sqlstate: String)
        /// The client was misused or the protocol got into an unexpected state.
        case client
    }

    public var kind: Kind
    /// The primary, human-readable message.
    public var message: String
    /// An optional secondary message with more detail.
    public var detail: String?
    /// An optional suggestion of what to do about the problem.
    public var hint: String?
    /// The 1-based character offset into `statement` where the error was detected, when the server knows it.
    public var position: Int?
    /// The server's call stack of the error (for example `COPY orders, line 3, column amount: "x"`).
    public var context: String?
    /// The schema, table, column and constraint the error concerns, when the server names them.
    public var schemaName: String?
    public var tableName: String?
    public var columnName: String?
    public var constraintName: String?
    /// The statement text the error refers to, kept only to map `position`; never contains bound values.
    public var statement: String?

    /// Creates an error; most callers receive errors rather than create them.
    public init(
        kind: Kind,
        message: String,
        detail: String? = nil,
        hint: String? = nil,
        position: Int? = nil,
        context: String? = nil,
        statement: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.detail = detail
        self.hint = hint
        self.position = position
        self.context = context
        self.statement = statement
    }

    /// The five-character SQLSTATE code of a server error (`42P01` for an undefined table), `nil` otherwise.
    public var sqlstate: String? {
        if case .server(let sqlstate) = kind { return sqlstate }
        return nil
    }

    /// The 1-based line and column of `position` within `statement`, when both are known.
    ///
    /// Postgres counts the position in characters of the statement; columns here count Unicode scalars,
    /// which is what the server counts for UTF-8 databases.
    public var statementLocation: StatementLocation? {
        guard let position, let statement else { return nil }
        return StatementLocation(offset: position, in: statement)
    }

    /// The 1-based line of COPY input the server was processing, read from `context`.
    ///
    /// The server reports it only inside the (English) context text, `COPY t, line 3, column c: ...`,
    /// so this parses that text; it is `nil` when the server's messages are not in English.
    public var copyLineNumber: Int? {
        guard let context, context.hasPrefix("COPY "), let range = context.range(of: ", line ") else { return nil }
        let digits = context[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
        return Int(digits)
    }

    public var description: String {
        var text: String
        switch kind {
        case .connection: text = "connection error: \(message)"
        case .server(let sqlstate): text = "error \(sqlstate): \(message)"
        case .client: text = "client error: \(message)"
        }
        if let location = statementLocation { text += " (statement line \(location.line), column \(location.column))" }
        if let detail { text += "\ndetail: \(detail)" }
        if let hint { text += "\nhint: \(hint)" }
        if let context { text += "\ncontext: \(context)" }
        return text
    }
}
