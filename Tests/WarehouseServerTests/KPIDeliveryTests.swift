import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresClient
import SQLTemplate
import Synchronization
import Testing
import WarehouseCore
import WarehouseEngine
import WarehouseServer
import WarehouseTesting

/// The cache, entity tags, Cache-Control and metrics around a KPI answer, over real HTTP, with a real build watcher
/// on a real database: a `sum` endpoint whose query the test counts.
@Suite struct KPIDeliveryTests {
    static let logger = Logger(label: "wh.serve.test")

    /// A `sum` endpoint over `t(x)`, answered through `delivery`, counting the queries it runs.
    final class SumEndpoint: Sendable {
        let database: ConnectionConfiguration
        let delivery: KPIDelivery
        let metrics = ServerMetrics()
        let queries = Atomic<Int>(0)

        init(database: ConnectionConfiguration, delivery: KPIDelivery) {
            self.database = database
            self.delivery = delivery
        }

        func router(cacheSeconds: Int?) -> Router<BasicRequestContext> {
            let router = Router()
            MetricsEndpoint(metrics: metrics, cache: delivery.cache, builds: delivery.builds)
                .addRoutes(to: router, authenticator: delivery.authenticator)
            var definition = KPIDefinition(
                name: "sum", query: .model("t"), location: .init(path: "k.yml", line: 1, column: 1))
            definition.cacheSeconds = cacheSeconds
            definition.scopes = ["sales"]
            let kpi = definition
            router.get("/api/kpis/sum") { [self] request, _ -> Response in
                if let refusal = delivery.refusal(of: request, scopes: kpi.scopes) { return refusal }
                let key = ResponseCacheKey(kpi: "sum", parameters: ["format": "json"])
                return try await delivery.respond(to: request, kpi: kpi, key: key) { build in
                    queries.add(1, ordering: .relaxed)
                    let sum = try await BlockingWork.run { [database] () throws -> String? in
                        try Connection.connect(database, logger: logger).query("select sum(x) from t").first?.string(0)
                    }
                    let body = #"{"sum":\#(sum ?? "null"),"build":\#(build.map { String($0.id) } ?? "null")}"#
                    return (ByteBuffer(string: body), [.contentType: "application/json"])
                }
            }
            return router
        }
    }

    /// A database with `t(x)` = 1, 2, 3 and a watcher listening on it.
    private static func setUp() async throws -> (ConnectionConfiguration, BuildWatcher) {
        let database = try await TestDatabase.create()
        _ = try await TestDatabase.rows("create table t (x int)", in: database)
        _ = try await TestDatabase.rows("insert into t values (1), (2), (3)", in: database)
        let watcher = BuildWatcher(configuration: database, logger: logger)
        #expect(await watcher.wait(for: .seconds(10)) { $0.listening })
        return (database, watcher)
    }

    /// Records a build that wrote one table, as `wh run` does when it finishes.
    private static func recordBuild(on database: ConnectionConfiguration) async throws -> BuildHistory.Record? {
        let node = ExecutionNode(
            id: NodeID("model.p.t"), name: "t", materialization: .table,
            relation: Relation(database: database.database ?? "", schema: "public", identifier: "t"),
            compiledSQL: "select 1", path: "models/t.sql")
        let results = RunResults(
            results: [NodeResult(node: node, status: .success, message: "SELECT 1")], startedAt: Date(),
            elapsedTime: 0.1)
        return try await BlockingWork.run {
            try BuildHistory.record(results, command: "run", on: Connection.connect(database, logger: logger))
        }
    }

    private static func get(
        _ client: some TestClientProtocol, _ uri: String, headers: HTTPFields = [:]
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: String) {
        let response = try await client.execute(uri: uri, method: .get, headers: headers)
        return (response.status, response.headers, String(buffer: response.body))
    }

    @Test func cachedUntilTheNextBuildWithEntityTagsAnd304s() async throws {
        let (database, watcher) = try await Self.setUp()
        defer { watcher.stop() }
        let endpoint = SumEndpoint(database: database, delivery: KPIDelivery(cache: ResponseCache(), builds: watcher))
        let app = Application(
            router: endpoint.router(cacheSeconds: nil), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let first = try await Self.get(client, "/api/kpis/sum")
            #expect(first.status == .ok)
            #expect(first.body == #"{"sum":6,"build":null}"#)
            #expect(first.headers[.cacheControl] == "no-cache")
            #expect(first.headers[.vary] == "Accept")
            let etag = try #require(first.headers[.eTag])
            #expect(etag.hasPrefix("\"") && etag.count == 34)

            let second = try await Self.get(client, "/api/kpis/sum")
            #expect(second.body == first.body && second.headers[.eTag] == etag)
            #expect(endpoint.queries.load(ordering: .relaxed) == 1)

            let revalidated = try await Self.get(
                client, "/api/kpis/sum", headers: [.ifNoneMatch: "\"other\", W/\(etag)"])
            #expect(revalidated.status == .notModified)
            #expect(revalidated.body.isEmpty)
            #expect(revalidated.headers[.eTag] == etag)

            // The cache follows builds, not the tables: a change no build recorded is not seen yet.
            _ = try await TestDatabase.rows("insert into t values (4)", in: database)
            #expect(try await Self.get(client, "/api/kpis/sum").body == first.body)

            let build = try #require(try await Self.recordBuild(on: database))
            #expect(await watcher.wait(for: .seconds(10)) { $0.latest?.id == build.id })
            let rebuilt = try await Self.get(client, "/api/kpis/sum", headers: [.ifNoneMatch: etag])
            #expect(rebuilt.status == .ok)
            #expect(rebuilt.body == #"{"sum":10,"build":\#(build.id)}"#)
            #expect(rebuilt.headers[.eTag] != etag)
            #expect(endpoint.queries.load(ordering: .relaxed) == 2)

            let metrics = try await Self.get(client, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            let lines = Set(metrics.body.split(separator: "\n").map(String.init))
            #expect(lines.contains(#"wh_cache_hits_total{kpi="sum"} 3"#))
            #expect(lines.contains(#"wh_cache_misses_total{kpi="sum"} 2"#))
            #expect(lines.contains(#"wh_cache_entries 1"#))
            #expect(lines.contains(#"wh_http_requests_total{route="/api/kpis/sum",method="GET",status="200"} 4"#))
            #expect(lines.contains(#"wh_http_requests_total{route="/api/kpis/sum",method="GET",status="304"} 1"#))
            #expect(lines.contains(#"wh_http_request_duration_seconds_count{route="/api/kpis/sum"} 5"#))
            #expect(lines.contains(#"wh_http_request_duration_seconds_bucket{route="/api/kpis/sum",le="+Inf"} 5"#))
            #expect(lines.contains("wh_build_listening 1"))
            let age = try #require(lines.first { $0.hasPrefix("wh_last_build_age_seconds ") })
            let seconds = try #require(Double(age.dropFirst("wh_last_build_age_seconds ".count)))
            #expect(seconds >= 0 && seconds < 60)
        }
    }

    @Test func cacheSecondsSetsMaxAgeAndZeroCachesNothing() async throws {
        let (database, watcher) = try await Self.setUp()
        defer { watcher.stop() }
        // How long an entry lives is ResponseCacheTests' (with a clock it sets); here, what the client is told.
        let bounded = SumEndpoint(database: database, delivery: KPIDelivery(cache: ResponseCache(), builds: watcher))
        try await Application(
            router: bounded.router(cacheSeconds: 60), configuration: .init(address: .hostname("127.0.0.1", port: 0))
        ).test(.live) { client in
            let first = try await Self.get(client, "/api/kpis/sum")
            #expect(first.headers[.cacheControl] == "max-age=60")
            _ = try await Self.get(client, "/api/kpis/sum")
            #expect(bounded.queries.load(ordering: .relaxed) == 1)
        }
        let uncached = SumEndpoint(database: database, delivery: KPIDelivery(cache: ResponseCache(), builds: watcher))
        try await Application(
            router: uncached.router(cacheSeconds: 0), configuration: .init(address: .hostname("127.0.0.1", port: 0))
        ).test(.live) { client in
            let first = try await Self.get(client, "/api/kpis/sum")
            #expect(first.headers[.cacheControl] == "no-cache")
            let second = try await Self.get(
                client, "/api/kpis/sum", headers: [.ifNoneMatch: first.headers[.eTag] ?? ""])
            #expect(second.status == .notModified)
            #expect(uncached.queries.load(ordering: .relaxed) == 2)
        }
    }

    @Test func withoutAListeningWatcherNothingIsServedFromTheCache() async throws {
        let (database, watcher) = try await Self.setUp()
        watcher.stop()
        let endpoint = SumEndpoint(database: database, delivery: KPIDelivery(cache: ResponseCache(), builds: watcher))
        try await Application(
            router: endpoint.router(cacheSeconds: nil), configuration: .init(address: .hostname("127.0.0.1", port: 0))
        ).test(.live) { client in
            _ = try await Self.get(client, "/api/kpis/sum")
            _ = try await Self.get(client, "/api/kpis/sum")
            #expect(endpoint.queries.load(ordering: .relaxed) == 2)
        }
    }

    @Test func authGuardsTheKPIAndMetricsButNotHealth() async throws {
        let (database, watcher) = try await Self.setUp()
        defer { watcher.stop() }
        let secret = "a-test-secret-of-more-than-32-bytes-for-hs256"
        let authenticator = BearerAuthenticator(
            settings: ServeAuthSettings(
                tokens: [
                    .init(
                        name: "ops", token: "ops-token-123", scopes: [], location: .init(path: "p", line: 1, column: 1))
                ],
                jwt: .init(secret: secret, location: .init(path: "p", line: 1, column: 1))))
        let endpoint = SumEndpoint(
            database: database,
            delivery: KPIDelivery(authenticator: authenticator, cache: ResponseCache(), builds: watcher))
        let router = endpoint.router(cacheSeconds: 60)
        router.get("healthz") { _, _ in "ok\n" }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(
            .live
        ) { client in
            func get(_ uri: String, _ token: String?) async throws -> (HTTPResponse.Status, HTTPFields, String) {
                try await Self.get(client, uri, headers: token.map { [.authorization: "Bearer \($0)"] } ?? [:])
            }
            let anonymous = try await get("/api/kpis/sum", nil)
            #expect(anonymous.0 == .unauthorized)
            #expect(anonymous.1[.wwwAuthenticate] == "Bearer realm=\"wh\"")
            #expect(
                anonymous.2
                    == #"{"error":{"message":"authentication required: send `Authorization: Bearer <token>`","status":401}}"#
            )
            let forged = try await get("/api/kpis/sum", TestJWT.make(secret: secret + "!", scope: "sales"))
            #expect(forged.0 == .unauthorized)
            #expect(forged.1[.wwwAuthenticate]?.contains("error=\"invalid_token\"") == true)
            #expect(
                try await get("/api/kpis/sum", TestJWT.make(secret: secret, scope: "sales", expiresIn: -10)).0
                    == .unauthorized)
            let noScope = try await get("/api/kpis/sum", TestJWT.make(secret: secret, scope: "returns"))
            #expect(noScope.0 == .forbidden)
            #expect(noScope.1[.wwwAuthenticate] == "Bearer realm=\"wh\", error=\"insufficient_scope\", scope=\"sales\"")
            #expect(try await get("/api/kpis/sum", "ops-token-123").0 == .forbidden)
            let allowed = try await get("/api/kpis/sum", TestJWT.make(secret: secret, scope: "returns sales"))
            #expect(allowed.0 == .ok)
            #expect(allowed.1[.cacheControl] == "private, max-age=60")
            #expect(allowed.1[.vary] == "Accept, Authorization")
            #expect(endpoint.queries.load(ordering: .relaxed) == 1)
            #expect(try await get("/metrics", nil).0 == .unauthorized)
            #expect(try await get("/metrics", "ops-token-123").0 == .ok)
            #expect(try await get("/healthz", nil).0 == .ok)
        }
    }
}
