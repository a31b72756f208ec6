import Foundation
import Logging
import PostgresClient
import WarehouseCore

/// Runs KPI statements on the connection pool's threads (libpq blocks; NIO's event loops never wait on it), each in
/// a read-only transaction of its own with the KPI's statement timeout.
final class KPIQueryRunner: Sendable {
    private let pool: ConnectionPool
    private let typeNames = PostgresTypeNames()
    private let logger: Logger

    init(pool: ConnectionPool, logger: Logger) {
        self.pool = pool
        self.logger = logger
    }

    /// What a statement answered: its rows and each column's type name.
    struct Rows: Sendable {
        var result: QueryResult
        var typeNames: [String]
    }

    /// Runs `kpi`'s statement with `bindings`; a failure is the HTTP problem it amounts to.
    func run(_ kpi: CompiledKPI, bindings: [PostgresValue?], timeoutMilliseconds: Int) async throws(KPIProblem)
        -> Rows
    {
        let typeNames = typeNames
        do {
            return try await pool.withConnection { connection in
                // Settings are constants of ours, never request values; dates and timestamps come out in ISO form.
                try connection.execute(
                    "begin read only; set local statement_timeout = \(timeoutMilliseconds); "
                        + "set local timezone = 'UTC'; set local datestyle = 'ISO, YMD'; "
                        + "set local intervalstyle = 'iso_8601'")
                do {
                    let result = try connection.query(kpi.statement, bindings)
                    let names = try typeNames.names(of: result.columnTypeOIDs, using: connection)
                    try connection.execute("commit")
                    return Rows(result: result, typeNames: names)
                } catch {
                    if connection.isOpen { _ = try? connection.execute("rollback") }
                    throw error
                }
            }
        } catch let error as PostgresError {
            throw problem(for: error, kpi: kpi, timeoutMilliseconds: timeoutMilliseconds)
        } catch {
            logger.error("KPI \(kpi.name) failed: \(error)")
            throw KPIProblem(status: 500, message: "KPI '\(kpi.name)' failed")
        }
    }

    /// How long a caller should wait before trying again when the database is down.
    static let retryAfterSeconds = 5

    private func problem(for error: PostgresError, kpi: CompiledKPI, timeoutMilliseconds: Int) -> KPIProblem {
        let sqlstate = error.sqlstate ?? ""
        if error.kind == .connection || sqlstate.hasPrefix("08") || sqlstate.hasPrefix("57P") {
            logger.warning("KPI \(kpi.name): the database is unreachable: \(error.message)")
            return KPIProblem(
                status: 503, message: "the database is unreachable; try again shortly",
                retryAfterSeconds: Self.retryAfterSeconds)
        }
        switch sqlstate {
        case "57014":
            return KPIProblem(
                status: 504,
                message: "KPI '\(kpi.name)' ran longer than its statement timeout (\(timeoutMilliseconds) ms) and was "
                    + "cancelled")
        case "42P01", "3F000":
            logger.warning("KPI \(kpi.name) reads a relation that does not exist: \(error.message)")
            return KPIProblem(
                status: 503, message: "KPI '\(kpi.name)' reads a relation that is not built yet (run `wh build`)",
                retryAfterSeconds: 30)
        case _ where sqlstate.hasPrefix("22"):
            return KPIProblem(
                status: 400, message: "the database refused the values of this request: \(error.message)",
                acceptedParameters: kpi.definition.acceptedParameterNames)
        default:
            logger.error("KPI \(kpi.name) failed: \(error.description)")
            return KPIProblem(status: 500, message: "KPI '\(kpi.name)' failed: \(error.message)")
        }
    }
}
