public import Foundation
public import Hummingbird
public import Logging
public import PostgresClient
public import WarehouseCore
import WarehouseEngine

/// The KPI endpoints: one route per compiled KPI, answered from the connection pool.
public final class KPIService: Sendable {
    public let kpis: [CompiledKPI]
    private let runner: KPIQueryRunner
    private let delivery: KPIDelivery

    /// - Parameters:
    ///   - statementTimeoutMilliseconds: for KPIs that set no `statement_timeout` of their own.
    ///   - delivery: auth, the cache and entity tags around each answer, and the build `built_at` names.
    public init(
        kpis: [CompiledKPI], pool: ConnectionPool, statementTimeoutMilliseconds: Int, logger: Logger,
        delivery: KPIDelivery = KPIDelivery()
    ) {
        self.kpis = kpis
        runner = KPIQueryRunner(pool: pool, statementTimeoutMilliseconds: statementTimeoutMilliseconds, logger: logger)
        self.delivery = delivery
    }

    /// Adds `GET /api/kpis/{kpi}`, which answers the KPIs on their default route by name (a JSON 404 for other
    /// names), and `GET` on each KPI's own `path:`.
    public func addRoutes(to router: Router<some RequestContext>) {
        let byName = Dictionary(uniqueKeysWithValues: kpis.map { ($0.name, $0) })
        router.get("/api/kpis/{kpi}") { request, context in
            let name = context.parameters.get("kpi") ?? ""
            // With auth on, a caller without valid credentials learns not even which KPIs exist.
            if let refusal = self.delivery.refusal(of: request, scopes: byName[name]?.definition.scopes ?? []) {
                return refusal
            }
            guard let kpi = byName[name], kpi.definition.route == .defaultRoute(for: name) else {
                let hint = ClosestName.suggestion(for: name, among: byName.keys).map { " (did you mean '\($0)'?)" }
                return Self.response(
                    for: KPIProblem(status: 404, message: "no KPI named '\(name)'\(hint ?? "")"))
            }
            return await self.respond(to: kpi, request: request, parameters: context.parameters)
        }
        for kpi in kpis where kpi.definition.route != .defaultRoute(for: kpi.name) {
            router.get(RouterPath(kpi.definition.route.description)) { request, context in
                await self.respond(to: kpi, request: request, parameters: context.parameters)
            }
        }
    }

    private func respond(to kpi: CompiledKPI, request: Request, parameters: Parameters) async -> Response {
        if let refusal = delivery.refusal(of: request, scopes: kpi.definition.scopes) { return refusal }
        do throws(KPIProblem) {
            var pathValues: [String: Substring] = [:]
            for name in kpi.definition.route.parameterNames {
                pathValues[name] = parameters.get(name).map { Substring($0) }
            }
            let checked = try KPIRequest(
                kpi.definition, pathValues: pathValues, query: request.uri.query,
                acceptHeader: request.headers[.accept])
            return try await delivery.respond(to: request, kpi: kpi.definition, key: checked.cacheKey(kpi.name)) {
                build throws(KPIProblem) in
                try await answer(kpi, checked, path: request.uri.path, builtAt: build?.finishedAt)
            }
        } catch {
            return Self.response(for: error)
        }
    }

    /// The body and headers of a checked request's answer, queried now.
    private func answer(_ kpi: CompiledKPI, _ checked: KPIRequest, path: String, builtAt: Date?)
        async throws(KPIProblem)
        -> (body: ByteBuffer, headers: HTTPFields)
    {
        let body = try await runner.answer(kpi, checked, path: path, builtAt: builtAt)
        var headers: HTTPFields = [:]
        if let next = body.next, let link = HTTPFields.Element.Name("Link") {
            headers[link] = "<\(next)>; rel=\"next\""
        }
        switch checked.format {
        case .json:
            headers[.contentType] = "application/json"
            return (ByteBuffer(bytes: body.json()), headers)
        case .csv:
            headers[.contentType] = "text/csv; charset=utf-8"
            return (ByteBuffer(bytes: body.csv()), headers)
        }
    }

    static func response(for problem: KPIProblem) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let seconds = problem.retryAfterSeconds { headers[.retryAfter] = String(seconds) }
        return Response(
            status: Self.status(problem.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: problem.json)))
    }

    private static func status(_ code: Int) -> HTTPResponse.Status {
        switch code {
        case 400: return .badRequest
        case 404: return .notFound
        case 503: return .serviceUnavailable
        case 504: return .gatewayTimeout
        default: return .internalServerError
        }
    }

    /// Runs every KPI's statement once with no values and an empty page, so a relation or column that does not
    /// exist is found when the server starts; one message per KPI that fails, naming where it is defined.
    public func check() async -> [String] {
        var problems: [String] = []
        for kpi in kpis {
            do throws(KPIProblem) {
                _ = try await runner.probe(kpi)
            } catch {
                problems.append("KPI '\(kpi.name)' (\(kpi.definition.location)): \(error.message)")
            }
        }
        return problems
    }
}
