import Foundation
public import Logging
public import PostgresClient
import WarehouseEngine

/// Fresh, empty Postgres databases for integration tests.
///
/// When `WH_TEST_DATABASE_URL` is set, databases are created on that server. Otherwise the first call starts
/// one throwaway cluster for the whole test process (the same ``EmbeddedPostgres`` code as `wh db start`, in a
/// temporary folder, without fsync), and the cluster is stopped and deleted when the process exits.
/// Each call creates a new database `t_<random>`, so tests running in parallel do not see each other's tables.
///
/// When no server can be had, `create()` throws an error saying why: a test that needs a database fails,
/// it never skips.
public enum TestDatabase {
    /// The logger tests pass to connections (`wh.postgres`).
    public static let logger = Logger(label: "wh.postgres")

    /// Creates an empty database and returns how to connect to it.
    public static func create() async throws -> ConnectionConfiguration {
        let server = try await SharedTestServer.shared.configuration()
        return try await BlockingWork.run {
            let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
            let connection = try Connection.connect(server, logger: logger)
            try connection.execute("CREATE DATABASE \(quoteIdentifier(name))")
            return server.with(database: name)
        }
    }

    /// The server databases are created on (an administrative database of it), starting it if needed.
    public static func server() async throws -> ConnectionConfiguration {
        try await SharedTestServer.shared.configuration()
    }
}

/// Why no test database could be had.
public struct TestDatabaseError: Error, CustomStringConvertible {
    public var description: String
}

extension TestDatabase {
    /// Creates an empty database, connects to it and runs `body` with the connection on a thread of its own.
    public static func withConnection<T: Sendable>(
        logger: Logger = TestDatabase.logger,
        _ body: @escaping @Sendable (Connection) throws -> T
    ) async throws -> T {
        let configuration = try await create()
        return try await BlockingWork.run {
            let connection = try Connection.connect(configuration, logger: logger)
            return try body(connection)
        }
    }
}

extension TestDatabase {
    /// The rows of `sql` on the database `configuration` names, as text (`nil` for NULL), for assertions.
    public static func rows(_ sql: String, in configuration: ConnectionConfiguration) async throws -> [[String?]] {
        try await BlockingWork.run {
            let result = try Connection.connect(configuration, logger: logger).query(sql)
            return result.map { row in (0..<result.columns.count).map { row.string($0) } }
        }
    }
}
