public import Foundation
public import Logging
public import PostgresClient
public import WarehouseCore
public import WarehouseEngine

/// What the pages read from the warehouse.
///
/// Queries go through the same runner as the KPI endpoints (read-only, with the statement timeout): the columns KPIs answer with, KPI answers for the static dashboard, the nodes' recorded
/// successes and the last build. Each reads nothing and returns empty when the warehouse was never built.
public struct PageQueries: Sendable {
    private let pool: ConnectionPool
    private let runner: KPIQueryRunner

    public init(pool: ConnectionPool, statementTimeoutMilliseconds: Int, logger: Logger) {
        self.pool = pool
        runner = KPIQueryRunner(pool: pool, statementTimeoutMilliseconds: statementTimeoutMilliseconds, logger: logger)
    }

    /// The columns of each KPI whose statement runs (asked for no rows, parameters NULL), for the OpenAPI document;
    /// a KPI whose relation is not built yet is left out.
    public func columns(of kpis: [CompiledKPI]) async -> [String: [OpenAPIDocument.Column]] {
        var columns: [String: [OpenAPIDocument.Column]] = [:]
        for kpi in kpis {
            guard let rows = try? await runner.probe(kpi) else { continue }
            columns[kpi.name] = zip(rows.result.columns, rows.typeNames).map { .init(name: $0, type: $1) }
        }
        return columns
    }

    /// The JSON answers to `requests` by KPI name, written as the endpoints write them; a request that fails is
    /// left out (the page says it was not queried).
    public func answers(to requests: [(kpi: CompiledKPI, query: [String: String])], builtAt: Date?) async
        -> [String: String]
    {
        var answers: [String: String] = [:]
        for (kpi, query) in requests {
            let text = query.sorted { $0.key < $1.key }
                .map { QueryString.encode($0.key) + "=" + QueryString.encode($0.value) }.joined(separator: "&")
            do throws(KPIProblem) {
                let checked = try KPIRequest(kpi.definition, pathValues: [:], query: text, acceptHeader: nil)
                let body = try await runner.answer(kpi, checked, path: nil, builtAt: builtAt)
                answers[kpi.name] = String(decoding: body.json(), as: UTF8.self)
            } catch {
                continue
            }
        }
        return answers
    }

    /// The last successful outcome `wh_meta.node_state` holds for each node.
    public func recordedOutcomes() async -> [NodeID: BuildStatuses.Outcome] {
        let successes = try? await pool.withConnection { connection in
            try NodeStateStore(connection: connection).lastSuccesses()
        }
        return (successes ?? [:]).mapValues { BuildStatuses.Outcome(status: $0.status, finishedAt: $0.builtAt) }
    }

    /// When the last recorded build finished (`wh_meta.builds`), nil when never.
    public func lastBuild() async -> Date? {
        let record = try? await pool.withConnection { connection in try BuildHistory.latest(on: connection) }
        return record?.finishedAt
    }

    /// `date` as the KPI answers write `built_at`.
    public static func timestamp(_ date: Date) -> String { UTCTimestamp.iso8601(date) }
}
