import Foundation
import PostgresClient
import WarehouseCore
import WarehouseEngine

/// The database of a project the way every command needs it, with problems reported to the console.
enum ProjectDatabase {
    /// The connection configured outside `wh`, or `nil` when the embedded Postgres is the one to use.
    static func configured(_ project: Project) throws -> WarehouseConnection? {
        try reporting {
            try WarehouseConnection.configured(
                projectRoot: project.root, settings: project.settings.connection, environment: Invocation.environment)
        }
    }

    /// What compiling needs to know of the database: its name, which qualifies every relation, so the compiled SQL
    /// runs as is on the database the run uses; found without connecting or starting a server.
    static func compileOptions(_ project: Project) throws -> CompileOptions {
        let database = try configured(project)?.database ?? EmbeddedPostgres.Options().database
        return CompileOptions(database: database, environment: Invocation.environment)
    }

    /// The project's database, starting the embedded Postgres when nothing else is configured.
    static func resolve(_ project: Project) async throws -> WarehouseConnection {
        let environment = Invocation.environment
        let logger = ConsoleLogHandler.postgresLogger()
        return try await blocking {
            try WarehouseConnection.resolve(
                projectRoot: project.root, settings: project.settings.connection, environment: environment,
                logger: logger)
        }
    }

    /// Connects once, so an unreachable server is reported with its address and where it was configured before
    /// any work starts, instead of as a failure of every node.
    static func checkReachable(_ connection: WarehouseConnection) async throws {
        let logger = ConsoleLogHandler.postgresLogger()
        try await blocking { () throws -> Void in
            _ = try connection.connect(logger: logger)
        }
    }

    /// A command's own connection (a pool of one) named `name` on the server, open once this returns: an unreachable
    /// server is reported as ``checkReachable(_:)`` reports it.
    ///
    /// A run lends it to its first worker, so its server notices are shown as the workers' are: warnings only.
    static func openSession(_ connection: WarehouseConnection, name: String) async throws -> ConnectionPool {
        let logger = ConsoleLogHandler.runLogger()
        do {
            return try await connection.openSession(applicationName: name, logger: logger)
        } catch {
            return try reporting { throw error }
        }
    }

    /// The embedded Postgres of `project`, logging to the console.
    static func embedded(_ project: Project) -> EmbeddedPostgres {
        EmbeddedPostgres(projectRoot: project.root, logger: ConsoleLogHandler.postgresLogger())
    }

    /// Runs blocking database work on a thread of its own, reporting its problems like ``reporting(_:)``.
    static func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let result: Result<T, any Error>
        do {
            result = .success(try await BlockingWork.run(work))
        } catch {
            result = .failure(error)
        }
        return try reporting { try result.get() }
    }

    /// Runs `body`, turning database problems into messages on the current console and a user-error exit.
    static func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as WarehouseConnectionError {
            Console.current.printError(error.description)
        } catch let error as EmbeddedPostgresError {
            Console.current.printError("error: \(error.description)")
        }
        throw ReportedFailure(exitCode: .userError)
    }
}
