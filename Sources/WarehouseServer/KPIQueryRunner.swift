import Foundation
import Logging
import PostgresClient
import WarehouseCore

/// Runs KPI statements on the connection pool's threads (libpq blocks; NIO's event loops never wait on it), each
/// read-only, under the KPI's statement timeout, in one round trip.
///
/// Each pooled connection's session is read-only by default and speaks UTC and ISO dates (``ServingSession``), and
/// every KPI statement is prepared once per connection; a request then sends its KPI's statement timeout and the
/// statement together, as one implicit transaction.
final class KPIQueryRunner: Sendable {
    private let pool: ConnectionPool
    private let typeNames = PostgresTypeNames()
    /// For KPIs that set no `statement_timeout` of their own.
    private let statementTimeoutMilliseconds: Int
    private let logger: Logger

    init(pool: ConnectionPool, statementTimeoutMilliseconds: Int, logger: Logger) {
        self.pool = pool
        self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
        self.logger = logger
    }

    /// What a statement answered: its rows and each column's type name.
    struct Rows: Sendable {
        var result: QueryResult
        var typeNames: [String]
    }

    /// The answer to a checked request, queried now; `path` is the request's, for the next page's link (none without).
    func answer(_ kpi: CompiledKPI, _ checked: KPIRequest, path: String?, builtAt: Date?) async throws(KPIProblem)
        -> KPIResponseBody
    {
        let rows = try await run(kpi, bindings: checked.bindings(of: kpi))
        let hasNext = rows.result.rowCount > checked.limit
        return KPIResponseBody(
            kpi: kpi.name, builtAt: builtAt, rows: rows, pageRows: min(rows.result.rowCount, checked.limit),
            limit: checked.limit, offset: checked.offset, next: hasNext ? path.map { checked.nextLink(path: $0) } : nil)
    }

    /// Runs `kpi`'s statement with every parameter NULL and an empty page: its columns, or why it cannot run.
    func probe(_ kpi: CompiledKPI) async throws(KPIProblem) -> Rows {
        let bindings: [PostgresValue?] = kpi.bindings.map { binding in
            if case .parameter = binding { return nil }
            return .int(0)
        }
        return try await run(kpi, bindings: bindings)
    }

    /// Sets the statement timeout of the session for the statement after it in the same round trip.
    private static let setStatementTimeout = "select set_config('statement_timeout', $1, false)"

    /// Runs `kpi`'s statement with `bindings`; a failure is the HTTP problem it amounts to.
    private func run(_ kpi: CompiledKPI, bindings: [PostgresValue?]) async throws(KPIProblem) -> Rows {
        let typeNames = typeNames
        let timeoutMilliseconds = kpi.definition.statementTimeoutMilliseconds ?? statementTimeoutMilliseconds
        do {
            return try await pool.withConnection { connection in
                try ServingSession.prepare(connection)
                // The timeout is sent with every request, as no reported setting would show a KPI changing it.
                let results = try connection.queryPrepared([
                    PreparedCall(Self.setStatementTimeout, [.string(String(timeoutMilliseconds))]),
                    PreparedCall(kpi.statement, bindings),
                ])
                let result = results[1]
                return Rows(
                    result: result, typeNames: try typeNames.names(of: result.columnTypeOIDs, using: connection))
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
