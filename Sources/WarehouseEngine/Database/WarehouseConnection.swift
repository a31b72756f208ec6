public import Foundation
public import Logging
public import PostgresClient
public import SQLTemplate
public import WarehouseCore

/// The Postgres server a project works against, and where that choice came from.
///
/// ``resolve(projectRoot:settings:environment:logger:)`` is the one place every command that needs a database
/// decides where to connect, first match winning:
/// 1. `WH_DATABASE_URL`, a libpq URL or `key=value` string;
/// 2. the `connection:` block of project.yml, each value rendered as a template with `env_var()`;
/// 3. dbt's profiles.yml, when the project names a `profile` and one is found (see `DbtProfileSelection`): the
///    loader turns its target into `connection:` settings (``Source/dbtProfile(_:target:)``);
/// 4. the standard libpq environment, when any of `PGHOST`, `PGPORT`, `PGDATABASE`, `PGUSER` or `PGSERVICE` is set;
/// 5. the embedded Postgres under `<project>/.wh/postgres`, started on demand and reused while it runs.
public struct WarehouseConnection: Sendable {
    /// Where the connection settings came from.
    public enum Source: Sendable, Hashable, CustomStringConvertible {
        /// The `WH_DATABASE_URL` environment variable.
        case databaseURL
        /// project.yml's `connection:` block, at this location.
        case projectFile(SourceLocation)
        /// A target in dbt's profiles.yml, at this location: `target 'dev' of profile 'shop'`.
        case dbtProfile(SourceLocation, target: String)
        /// The libpq environment variables that are set (`PGHOST`, `PGPORT`, ...).
        case libpqEnvironment(variables: [String])
        /// The embedded Postgres; the data folder as shown to users (relative to the project when inside it).
        case embedded(dataDirectory: String)

        /// `WH_DATABASE_URL`, `connection: in project.yml:3:1`, `PGHOST, PGPORT`, `the embedded Postgres`.
        public var description: String {
            switch self {
            case .databaseURL: "WH_DATABASE_URL"
            case .projectFile(let location): "connection: in \(location)"
            case .dbtProfile(let location, let target): "\(target) in \(location)"
            case .libpqEnvironment(let variables): variables.joined(separator: ", ")
            case .embedded: "the embedded Postgres"
            }
        }

        /// What to do when the server cannot be reached.
        var unreachableHelp: String {
            switch self {
            case .databaseURL:
                "start it, fix WH_DATABASE_URL, or unset it to use the embedded Postgres (wh db start)"
            case .projectFile:
                "start it, fix `connection:` in project.yml, "
                    + "or remove it to use the embedded Postgres (wh db start)"
            case .dbtProfile(let location, _):
                "start it, fix the target in \(location.path) or choose another with --target, "
                    + "or set WH_DATABASE_URL"
            case .libpqEnvironment(let variables):
                "start it, fix \(variables.joined(separator: ", ")), "
                    + "or unset them to use the embedded Postgres (wh db start)"
            case .embedded:
                "restart it with `wh db stop && wh db start`; its log is postgres.log beside the data folder"
            }
        }
    }

    /// The environment variables that make `wh` use libpq's own environment handling.
    public static let libpqSelectors = ["PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE"]

    /// The `PG*` variables copied into the configuration, so that an environment passed in (rather than the
    /// process's) is honored; libpq reads the process's own `PG*` variables itself as well.
    static let libpqVariables: [(variable: String, keyword: String)] = [
        ("PGHOST", "host"), ("PGHOSTADDR", "hostaddr"), ("PGPORT", "port"), ("PGDATABASE", "dbname"),
        ("PGUSER", "user"), ("PGPASSWORD", "password"), ("PGSERVICE", "service"), ("PGOPTIONS", "options"),
        ("PGSSLMODE", "sslmode"), ("PGAPPNAME", "application_name"), ("PGCONNECT_TIMEOUT", "connect_timeout"),
    ]

    public var source: Source
    /// How to connect.
    public var configuration: ConnectionConfiguration
    /// The database name relations are qualified with (`CompileOptions.database`).
    public var database: String

    public init(source: Source, configuration: ConnectionConfiguration, database: String) {
        self.source = source
        self.configuration = configuration
        self.database = database
    }

    /// The connection for the running embedded server of the project at `projectRoot`.
    public init(embedded instance: EmbeddedPostgresInstance, projectRoot: URL) {
        let data = instance.dataDirectory
        let root = projectRoot.standardizedFileURL.path + "/"
        let shown = data.hasPrefix(root) ? String(data.dropFirst(root.count)) : data
        self.init(
            source: .embedded(dataDirectory: shown), configuration: instance.configuration,
            database: instance.database)
    }

    /// The server address for messages: `127.0.0.1:5432` or a socket path.
    public var address: String { configuration.hostDescription }

    /// A libpq URL without the password (``ConnectionConfiguration/url``), for `psql` and scripts.
    public var url: String { configuration.url }

    /// The password the settings hold, if any, to hand to tools through `PGPASSWORD`.
    public var password: String? { configuration.password }

    /// `using Postgres at db.example.com:5432 (from WH_DATABASE_URL)`, or
    /// `using embedded Postgres at 127.0.0.1:54321 (.wh/postgres/data)`; never shows a password.
    public var summary: String {
        switch source {
        case .embedded(let dataDirectory):
            "using embedded Postgres at \(configuration.hostDescription) (\(dataDirectory))"
        default:
            "using Postgres at \(configuration.hostDescription), database \(database) (from \(source))"
        }
    }

    /// The connection configured outside `wh` (steps 1 to 4), or `nil` when the embedded Postgres is to be used.
    ///
    /// - Parameters:
    ///   - projectRoot: the project folder, to show project.yml's lines in errors.
    ///   - settings: project.yml's `connection:` block, if any.
    ///   - environment: the environment variables to read (normally the process's).
    public static func configured(
        projectRoot: URL, settings: ConnectionSettings?, environment: [String: String]
    ) throws(WarehouseConnectionError) -> WarehouseConnection? {
        if let url = environment["WH_DATABASE_URL"], !url.isEmpty {
            do throws(PostgresError) {
                return make(.databaseURL, try ConnectionConfiguration(connectionString: url))
            } catch {
                throw .invalidDatabaseURL(error)
            }
        }
        if let settings {
            return try fromProjectFile(settings, projectRoot: projectRoot, environment: environment)
        }
        let selectors = libpqSelectors.filter { environment[$0] != nil }
        guard !selectors.isEmpty else { return nil }
        var configuration = ConnectionConfiguration.environment
        for (variable, keyword) in libpqVariables {
            guard let value = environment[variable] else { continue }
            configuration = configuration.with(keyword: keyword, value: value)
        }
        return make(.libpqEnvironment(variables: selectors), configuration)
    }

    /// The configured connection, or else the embedded Postgres, started if it is not running.
    ///
    /// Blocks while the embedded server starts (the first time, `initdb` takes a few seconds).
    public static func resolve(
        projectRoot: URL, settings: ConnectionSettings?, environment: [String: String], logger: Logger
    ) throws(WarehouseConnectionError) -> WarehouseConnection {
        if let configured = try configured(projectRoot: projectRoot, settings: settings, environment: environment) {
            return configured
        }
        do {
            let instance = try EmbeddedPostgres(projectRoot: projectRoot, logger: logger).start()
            return WarehouseConnection(embedded: instance, projectRoot: projectRoot)
        } catch let error as EmbeddedPostgresError {
            throw .embedded(error)
        } catch {
            throw .embedded(EmbeddedPostgresError("the embedded Postgres failed: \(error)"))
        }
    }

    /// Opens a connection; a server that cannot be reached is reported with its address and ``source``.
    ///
    /// - Parameter timeout: seconds to wait for the server, unless the settings (`connect_timeout`,
    ///   `PGCONNECT_TIMEOUT`) already say.
    public func connect(logger: Logger, timeout: Int = 10) throws(WarehouseConnectionError) -> Connection {
        do throws(PostgresError) {
            return try Connection.connect(bounded(timeout: timeout), logger: logger)
        } catch {
            throw .unreachable(source: source, host: configuration.hostDescription, error: error)
        }
    }

    /// A pool of one connection, named `applicationName` on the server, for a command's own bookkeeping; it is open
    /// when this returns, so an unreachable server is reported as ``connect(logger:timeout:)`` reports it, before
    /// any work starts.
    ///
    /// - Throws: ``WarehouseConnectionError/unreachable(source:host:error:)``.
    public func openSession(applicationName: String, logger: Logger, timeout: Int = 10) async throws
        -> ConnectionPool
    {
        let pool = ConnectionPool(
            configuration: bounded(timeout: timeout).with(keyword: "application_name", value: applicationName),
            size: 1, logger: logger)
        do {
            try await pool.withConnection { _ in }
        } catch let error as PostgresError {
            throw WarehouseConnectionError.unreachable(
                source: source, host: configuration.hostDescription, error: error)
        }
        return pool
    }

    /// ``configuration`` waiting at most `timeout` seconds for the server, unless the settings (`connect_timeout`,
    /// `PGCONNECT_TIMEOUT`) already say.
    private func bounded(timeout: Int) -> ConnectionConfiguration {
        configuration.resolvedValue(of: "connect_timeout") == nil
            ? configuration.with(keyword: "connect_timeout", value: "\(timeout)") : configuration
    }

    private static func make(_ source: Source, _ configuration: ConnectionConfiguration) -> WarehouseConnection {
        WarehouseConnection(
            source: source, configuration: configuration, database: configuration.database ?? "postgres")
    }

    private static func fromProjectFile(
        _ raw: ConnectionSettings, projectRoot: URL, environment: [String: String]
    ) throws(WarehouseConnectionError) -> WarehouseConnection {
        let path = raw.location.path
        let file = path.hasPrefix("/") ? URL(fileURLWithPath: path) : projectRoot.appendingPathComponent(path)
        let text = try? String(contentsOf: file, encoding: .utf8)
        let settings: ConnectionSettings
        do throws(Diagnostic) {
            settings = try raw.rendered(environment: environment, projectFileText: text)
        } catch {
            throw .invalidProjectSetting(error)
        }
        func invalid(_ key: String, _ message: String, help: String) -> WarehouseConnectionError {
            let diagnostic = Diagnostic(location: raw.location(of: key), message: message, help: help)
            return .invalidProjectSetting(text.map(diagnostic.withSourceLine(from:)) ?? diagnostic)
        }
        var configuration = ConnectionConfiguration.environment
        if let url = settings.url, !url.isEmpty {
            do throws(PostgresError) {
                configuration = try ConnectionConfiguration(connectionString: url)
            } catch {
                throw invalid(
                    "url", "`connection.url` is not a libpq URL: \(error.message)",
                    help: "write it as postgresql://user@host:5432/dbname")
            }
        }
        var port: Int?
        if let text = settings.port, !text.isEmpty {
            guard let number = Int(text), (1...65535).contains(number) else {
                throw invalid(
                    "port", "`connection.port` must be a port number (1-65535)",
                    help: "write a number such as 5432, or {{ env_var('PGPORT', '5432') }}")
            }
            port = number
        }
        let fields: [(String, String?)] = [
            ("host", settings.host), ("port", port.map(String.init)), ("user", settings.user),
            ("password", settings.password), ("dbname", settings.dbname),
        ]
        for case (let keyword, let value?) in fields where !value.isEmpty {
            configuration = configuration.with(keyword: keyword, value: value)
        }
        return make(
            raw.dbtProfile.map { .dbtProfile(raw.location, target: $0) } ?? .projectFile(raw.location), configuration)
    }
}
