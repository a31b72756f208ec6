public import PostgresClient
public import SQLTemplate

/// Why `wh` has no database to work with: bad settings, a server it cannot reach, or an embedded one that failed.
///
/// The description never contains a password: connection strings are not repeated, only the server address.
public enum WarehouseConnectionError: Error, Sendable, CustomStringConvertible {
    /// A value of project.yml's `connection:` block is wrong (an unset variable, a bad port or URL).
    case invalidProjectSetting(Diagnostic)
    /// `WH_DATABASE_URL` is not a libpq URL or connection string.
    case invalidDatabaseURL(PostgresError)
    /// The server did not accept a connection.
    case unreachable(source: WarehouseConnection.Source, host: String, error: PostgresError)
    /// The embedded Postgres could not be started (for example, no Postgres installation).
    case embedded(EmbeddedPostgresError)

    /// The problem, on one line (the embedded server's tool output may follow).
    public var message: String {
        switch self {
        case .invalidProjectSetting(let diagnostic): diagnostic.message
        case .invalidDatabaseURL(let error): "WH_DATABASE_URL is not a valid connection string: \(error.message)"
        case .unreachable(let source, let host, let error):
            "could not connect to Postgres at \(host) (from \(source)): \(Self.reason(error, host: host))"
        case .embedded(let error): error.description
        }
    }

    /// What would fix it.
    public var help: String? {
        switch self {
        case .invalidProjectSetting(let diagnostic): diagnostic.help
        case .invalidDatabaseURL:
            "write it as postgresql://user@host:5432/dbname, or unset it to use the embedded Postgres (wh db start)"
        case .unreachable(let source, _, _): source.unreachableHelp
        case .embedded: nil
        }
    }

    public var description: String {
        if case .invalidProjectSetting(let diagnostic) = self { return diagnostic.description }
        return "error: \(message)" + (help.map { "\n  help: \($0)" } ?? "")
    }

    /// libpq's reason without the address `Connection.connect` already put in front, starting in lower case
    /// (`connection refused`, `password authentication failed for user "x"`).
    private static func reason(_ error: PostgresError, host: String) -> String {
        let prefix = "could not connect to Postgres at \(host): "
        let reason = error.message.hasPrefix(prefix) ? String(error.message.dropFirst(prefix.count)) : error.message
        guard let first = reason.first, reason.dropFirst().first?.isLowercase ?? true else { return reason }
        return first.lowercased() + reason.dropFirst()
    }
}
