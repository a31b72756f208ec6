public import Foundation
public import Logging
import PostgresClient

/// A Postgres cluster that `wh` runs itself, kept under the project's `.wh/postgres/` folder.
///
/// `start()` creates the cluster on first use (`initdb`), starts the server (`pg_ctl start`) listening on
/// 127.0.0.1 at a free port and on a Unix socket, creates the working database, and records the instance in
/// `.wh/postgres/instance.json`. Later calls find the running server and reuse it. A server that died and
/// left its `postmaster.pid` behind is detected and restarted. When `wh` runs as root, the server runs as the
/// `postgres` OS user, which Postgres requires; see ``EmbeddedPostgresLayout`` for where files go then.
///
/// All calls block while the programs they run work; the lifecycle is serialized across processes by a
/// lock file, so two `wh` commands starting at once share one server.
public struct EmbeddedPostgres: Sendable {
    /// Choices for a cluster.
    public struct Options: Sendable {
        /// The database created and used by `wh`.
        public var database: String
        /// When `false` (throwaway test clusters only), the server skips `fsync`: fast, but a crash can corrupt it.
        public var durable: Bool
        /// The server's `max_connections`: 100 suits a project; the test suite, whose tests run at once, needs more.
        public var maxConnections: Int

        public init(database: String = "wh", durable: Bool = true, maxConnections: Int = 100) {
            self.database = database
            self.durable = durable
            self.maxConnections = maxConnections
        }
    }

    /// Whether the server is running.
    public enum Status: Sendable, Hashable {
        case running(EmbeddedPostgresInstance)
        case stopped
    }

    /// The superuser role the cluster is created with.
    static let superuser = "postgres"

    public let projectRoot: URL
    public let options: Options
    let logger: Logger

    /// - Parameter logger: the `wh.postgres` logger; server notices and relocation notes go there.
    public init(projectRoot: URL, options: Options = Options(), logger: Logger) {
        self.projectRoot = projectRoot
        self.options = options
        self.logger = logger
    }

    /// Starts the server if it is not running (creating the cluster on first use) and returns it.
    public func start() throws -> EmbeddedPostgresInstance {
        let layout = try EmbeddedPostgresLayout(projectRoot: projectRoot)
        try layout.createFolders()
        for note in layout.relocationNotes { logger.notice("\(note)") }
        return try POSIX.withExclusiveLock(on: layout.lockFile.path) {
            if let running = try runningInstance(layout) {
                try ensureDatabase(running)
                try record(running, in: layout)
                return running
            }
            removeStaleFiles(layout)
            let installation = try PostgresInstallation.locate()
            if !FileManager.default.fileExists(atPath: layout.dataDirectory.appendingPathComponent("PG_VERSION").path) {
                try initialize(layout, installation)
            }
            let instance = try launch(layout, installation)
            try ensureDatabase(instance)
            try record(instance, in: layout)
            logger.info(
                "started Postgres", metadata: ["url": "\(instance.url)", "data": "\(layout.dataDirectory.path)"])
            return instance
        }
    }

    /// Stops the server (`pg_ctl stop -m fast`: open sessions are disconnected); returns whether it was running.
    @discardableResult
    public func stop() throws -> Bool {
        let layout = try EmbeddedPostgresLayout(projectRoot: projectRoot)
        guard FileManager.default.fileExists(atPath: layout.stateDirectory.path) else { return false }
        return try POSIX.withExclusiveLock(on: layout.lockFile.path) {
            guard let pidFile = PostmasterPIDFile(dataDirectory: layout.dataDirectory), pidFile.isAlive else {
                return false
            }
            let installation = try PostgresInstallation.locate()
            let outcome = try run(
                installation, "pg_ctl",
                ["stop", "-m", "fast", "-w", "-t", "60", "-s", "-D", layout.dataDirectory.path], layout)
            guard outcome.status == 0 else {
                throw EmbeddedPostgresError(
                    "pg_ctl could not stop the server in \(layout.dataDirectory.path)", output: outcome.output)
            }
            return true
        }
    }

    /// Whether the server is running, and where.
    public func status() throws -> Status {
        let layout = try EmbeddedPostgresLayout(projectRoot: projectRoot)
        guard let instance = try runningInstance(layout, waitForConnections: false) else { return .stopped }
        return .running(instance)
    }

    /// The cluster's data folder, whether or not it exists yet (usually `.wh/postgres/data`; see
    /// ``EmbeddedPostgresLayout`` for when it lives in `/tmp` instead).
    public func dataDirectory() throws -> URL {
        try EmbeddedPostgresLayout(projectRoot: projectRoot).dataDirectory
    }

    /// The server described by a live `postmaster.pid`, if there is one.
    private func runningInstance(_ layout: EmbeddedPostgresLayout, waitForConnections: Bool = true) throws
        -> EmbeddedPostgresInstance?
    {
        guard let pidFile = PostmasterPIDFile(dataDirectory: layout.dataDirectory), pidFile.isAlive,
            let port = pidFile.port
        else {
            return nil
        }
        let instance = EmbeddedPostgresInstance(
            port: port,
            socketDirectory: pidFile.socketDirectory ?? layout.socketDirectory.path,
            dataDirectory: layout.dataDirectory.path,
            pid: pidFile.pid,
            database: options.database,
            user: EmbeddedPostgres.superuser
        )
        if waitForConnections { try waitUntilAccepting(instance, layout: layout) }
        return instance
    }

    /// Removes lock files left by a server that is gone, so the next start does not trip over them.
    private func removeStaleFiles(_ layout: EmbeddedPostgresLayout) {
        let fileManager = FileManager.default
        let pidPath = layout.dataDirectory.appendingPathComponent("postmaster.pid").path
        if fileManager.fileExists(atPath: pidPath) {
            logger.notice(
                "removing a stale postmaster.pid (its server is not running)", metadata: ["path": "\(pidPath)"])
            try? fileManager.removeItem(atPath: pidPath)
        }
        let entries = (try? fileManager.contentsOfDirectory(atPath: layout.socketDirectory.path)) ?? []
        for entry in entries where entry.hasPrefix(".s.PGSQL.") && entry.hasSuffix(".lock") {
            let lockPath = layout.socketDirectory.appendingPathComponent(entry).path
            let owner = (try? String(contentsOfFile: lockPath, encoding: .utf8))?.split(separator: "\n").first.flatMap {
                Int32($0)
            }
            guard let owner, !POSIX.processExists(owner) else { continue }
            try? fileManager.removeItem(atPath: lockPath)
            try? fileManager.removeItem(atPath: String(lockPath.dropLast(".lock".count)))
        }
    }

    /// Creates the cluster with `initdb`: UTF-8, C locale, trusted local connections, superuser `postgres`.
    private func initialize(_ layout: EmbeddedPostgresLayout, _ installation: PostgresInstallation) throws {
        let data = layout.dataDirectory.path
        if FileManager.default.fileExists(atPath: data) {
            // A data folder without PG_VERSION is what a failed initdb leaves; initdb refuses non-empty folders.
            logger.notice("removing an incomplete data folder", metadata: ["path": "\(data)"])
            try FileManager.default.removeItem(atPath: data)
        }
        logger.info("creating a Postgres cluster", metadata: ["data": "\(data)"])
        var arguments = [
            "-D", data, "-U", EmbeddedPostgres.superuser, "-A", "trust", "-E", "UTF8", "--no-locale",
            "--no-instructions",
        ]
        if !options.durable { arguments.append("--no-sync") }
        let outcome = try run(installation, "initdb", arguments, layout)
        guard outcome.status == 0 else {
            throw EmbeddedPostgresError("initdb failed to create \(data)", output: outcome.output)
        }
        let configuration = layout.dataDirectory.appendingPathComponent("postgresql.conf")
        let handle = try FileHandle(forWritingTo: configuration)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(
            contentsOf: Data("\n# Settings written by wh on every start.\ninclude_if_exists = 'wh.conf'\n".utf8))
    }

    /// Writes the settings, runs `pg_ctl start` and waits until the server accepts connections.
    private func launch(_ layout: EmbeddedPostgresLayout, _ installation: PostgresInstallation) throws
        -> EmbeddedPostgresInstance
    {
        let previous = try? JSONDecoder().decode(
            EmbeddedPostgresInstance.self, from: Data(contentsOf: layout.stateFile))
        guard let port = POSIX.freeLoopbackPort(preferring: previous?.port) else {
            throw EmbeddedPostgresError("no free TCP port on 127.0.0.1 for Postgres")
        }
        try writeSettings(port: port, layout)
        let data = layout.dataDirectory.path
        let arguments = ["start", "-w", "-t", "60", "-s", "-D", data, "-l", layout.logFile.path]
        let outcome = try run(installation, "pg_ctl", arguments, layout)
        guard outcome.status == 0, let pidFile = PostmasterPIDFile(dataDirectory: layout.dataDirectory) else {
            throw EmbeddedPostgresError(
                "Postgres did not start (data folder \(data), log \(layout.logFile.path))",
                output: outcome.output + tail(of: layout.logFile)
            )
        }
        let instance = EmbeddedPostgresInstance(
            port: port,
            socketDirectory: layout.socketDirectory.path,
            dataDirectory: data,
            pid: pidFile.pid,
            database: options.database,
            user: EmbeddedPostgres.superuser
        )
        try waitUntilAccepting(instance, layout: layout)
        return instance
    }

    /// The server settings, rewritten on every start because the port may change.
    private func writeSettings(port: Int, _ layout: EmbeddedPostgresLayout) throws {
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        var lines = [
            "listen_addresses = '127.0.0.1'",
            "port = \(port)",
            "unix_socket_directories = \(quoted(layout.socketDirectory.path))",
            "max_connections = \(options.maxConnections)",
            "shared_buffers = '128MB'",
            "work_mem = '32MB'",
            "maintenance_work_mem = '256MB'",
            // Bulk loads: a table created and filled in one transaction skips the WAL with wal_level minimal.
            "wal_level = minimal",
            "max_wal_senders = 0",
            "max_wal_size = '2GB'",
            // A crash may lose the last few commits, never consistency; fsync stays on.
            "synchronous_commit = off",
            "timezone = 'UTC'",
            "log_timezone = 'UTC'",
            "log_checkpoints = off",
            // English messages: error contexts (COPY line numbers) are parsed from them.
            "lc_messages = 'C'",
        ]
        if !options.durable { lines += ["fsync = off", "full_page_writes = off"] }
        let file = layout.dataDirectory.appendingPathComponent("wh.conf")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        if let user = layout.serverUser { _ = POSIX.changeOwner(file.path, to: user) }
    }

    /// Retries connecting for up to 30 seconds (a server that just started may still be recovering).
    private func waitUntilAccepting(_ instance: EmbeddedPostgresInstance, layout: EmbeddedPostgresLayout) throws {
        let configuration = instance.configuration.with(database: "postgres")
        let deadline = Date().addingTimeInterval(30)
        while true {
            do {
                _ = try Connection.connect(configuration, logger: logger)
                return
            } catch {
                guard Date() < deadline else {
                    throw EmbeddedPostgresError(
                        "Postgres at 127.0.0.1:\(instance.port) does not accept connections: \(error)",
                        output: tail(of: layout.logFile))
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
    }

    /// Creates the working database when it does not exist yet.
    private func ensureDatabase(_ instance: EmbeddedPostgresInstance) throws {
        let connection = try Connection.connect(instance.configuration.with(database: "postgres"), logger: logger)
        let existing = try connection.query(
            "select 1 from pg_database where datname = $1", [.string(instance.database)])
        guard existing.rowCount == 0 else { return }
        do {
            try connection.execute("CREATE DATABASE \(quoteIdentifier(instance.database))")
        } catch {
            // Created concurrently by another client: fine.
            guard error.sqlstate == "42P04" else { throw error }
        }
    }

    private func record(_ instance: EmbeddedPostgresInstance, in layout: EmbeddedPostgresLayout) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(instance).write(to: layout.stateFile, options: .atomic)
    }

    private func run(
        _ installation: PostgresInstallation, _ program: String, _ arguments: [String], _ layout: EmbeddedPostgresLayout
    ) throws -> ProcessRunner.Outcome {
        try ProcessRunner.run(
            executable: installation.program(program).path, arguments: arguments, user: layout.serverUser?.name)
    }

    /// The last lines of the server log, to explain a failed start.
    private func tail(of file: URL) -> String {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return "" }
        return text.split(separator: "\n").suffix(15).joined(separator: "\n")
    }
}
