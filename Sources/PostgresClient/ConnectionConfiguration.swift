internal import CLibPQ
import Foundation

/// Where and how to connect to a Postgres server.
///
/// A configuration is a libpq connection string (a `postgresql://` URL or `key=value` pairs, possibly
/// empty) plus ordered overrides. libpq itself fills in anything left unset from the standard `PG*`
/// environment variables (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`, ...), `~/.pgpass`
/// and its compiled-in defaults, so `ConnectionConfiguration.environment` behaves like `psql` with no
/// arguments.
///
/// `description` never shows the password.
public struct ConnectionConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// A libpq connection string or URL, expanded first; may be empty.
    var connectionString: String
    /// Keyword/value pairs applied after `connectionString`, later ones winning.
    var overrides: [Override]

    struct Override: Sendable, Hashable {
        var keyword: String
        var value: String
    }

    /// A configuration from a libpq connection string: `postgresql://user@host:5432/db` or
    /// `host=... port=... dbname=...` (for example the value of `WH_DATABASE_URL`).
    ///
    /// The string is validated: a malformed URL or an unknown keyword throws.
    public init(connectionString: String) throws(PostgresError) {
        try ConnectionConfiguration.validate(connectionString)
        self.connectionString = connectionString
        self.overrides = []
    }

    /// A configuration taken entirely from the `PG*` environment variables and libpq's defaults.
    public static var environment: ConnectionConfiguration {
        ConnectionConfiguration(connectionString: "", overrides: [])
    }

    /// A configuration from individual fields; fields left `nil` come from the `PG*` environment and defaults.
    ///
    /// - Parameters:
    ///   - host: a host name, an IP address, or the absolute path of a folder holding a Unix socket.
    ///   - options: server settings sent at connection start, in libpq's `options` syntax
    ///     (for example `-c search_path=analytics`).
    public init(
        host: String? = nil,
        port: Int? = nil,
        user: String? = nil,
        password: String? = nil,
        database: String? = nil,
        options: String? = nil
    ) {
        var overrides: [Override] = []
        let fields: [(String, String?)] = [
            ("host", host), ("port", port.map(String.init)), ("user", user), ("password", password),
            ("dbname", database), ("options", options),
        ]
        for case (let keyword, let value?) in fields {
            overrides.append(Override(keyword: keyword, value: value))
        }
        self.init(connectionString: "", overrides: overrides)
    }

    init(connectionString: String, overrides: [Override]) {
        self.connectionString = connectionString
        self.overrides = overrides
    }

    /// The same configuration connecting to another database on the same server.
    public func with(database: String) -> ConnectionConfiguration {
        var copy = self
        copy.overrides.append(Override(keyword: "dbname", value: database))
        return copy
    }

    /// The same configuration with one more libpq keyword set (`connect_timeout`, `application_name`, ...).
    public func with(keyword: String, value: String) -> ConnectionConfiguration {
        var copy = self
        copy.overrides.append(Override(keyword: keyword, value: value))
        return copy
    }

    /// The server address as it appears in error messages: `127.0.0.1:5432`, or a socket path such as
    /// `/var/run/postgresql/.s.PGSQL.5432`.
    public var hostDescription: String {
        let parameters = resolvedParameters()
        let port = parameters["port"].flatMap { $0.isEmpty ? nil : $0 } ?? "5432"
        let host = [parameters["host"], parameters["hostaddr"]].compactMap { $0 }.first { !$0.isEmpty }
        guard let host else { return "/var/run/postgresql/.s.PGSQL.\(port)" }
        if host.hasPrefix("/") { return "\(host)/.s.PGSQL.\(port)" }
        return "\(host):\(port)"
    }

    /// The effective database name, as far as it can be known without connecting.
    public var database: String? {
        let parameters = resolvedParameters()
        return parameters["dbname"] ?? parameters["user"]
    }

    /// The settings as `key=value` pairs, with the password left out.
    public var description: String {
        let shown = ["host", "hostaddr", "port", "user", "dbname", "options", "sslmode", "application_name"]
        let parameters = resolvedParameters()
        return shown.compactMap { keyword in
            guard let value = parameters[keyword], !value.isEmpty else { return nil }
            return "\(keyword)=\(value)"
        }.joined(separator: " ")
    }
}
