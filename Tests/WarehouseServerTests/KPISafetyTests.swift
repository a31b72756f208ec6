import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresClient
import Synchronization
import Testing
import WarehouseCore
import WarehouseEngine
import WarehouseServer
import WarehouseTesting

/// Bad requests are refused naming what is accepted, hostile values change nothing, and a slow query or a database
/// that is gone gets its own status, never an error inside a 200.
@Suite struct KPISafetyTests {
    @Test func badParametersGetA400NamingTheAcceptedOnes() async throws {
        let built = try await BuiltExampleWarehouse.shared.get()
        try await ServedProject.withServer(built.kpis, database: built.database) { client in
            let cases: [(String, String)] = [
                ("/api/kpis/top_products?top=5", "unknown parameter 'top'"),
                ("/api/kpis/top_products?m=5", "unknown parameter 'm' (did you mean 'n'?)"),
                ("/api/kpis/top_products?n=0", "parameter 'n' must be at least 1"),
                ("/api/kpis/top_products?n=101", "parameter 'n' must be at most 100"),
                ("/api/kpis/top_products?n=ten", "parameter 'n' must be an integer"),
                ("/api/kpis/top_products?n=99999999999999999999999999", "parameter 'n' must be an integer"),
                ("/api/kpis/top_products?n=1&n=2", "parameter 'n' is given 2 times; give it once"),
                ("/api/kpis/top_products?n[]=1", "unknown parameter 'n[]'"),
                ("/api/kpis/top_products?limit=101", "parameter 'limit' must be an integer from 1 to 100"),
                ("/api/kpis/top_products?offset=-1", "parameter 'offset' must be an integer from 0 to"),
                ("/api/kpis/top_products?format=xml", "parameter 'format' must be json or csv"),
                ("/api/kpis/top_products?n=%ZZ", "the query string is not valid percent-encoded UTF-8"),
                ("/api/kpis/sales_over_time?grain=week", "parameter 'grain' must be one of day, month"),
                ("/api/kpis/sales_over_time?start=2024-02-30", "parameter 'start' must be a date written YYYY-MM-DD"),
                ("/api/kpis/total_sales?end=2024-01-01%27%20or%201=1", "parameter 'end' must be a date"),
                ("/api/customers/12411/spend?customer_id=1", "parameter 'customer_id' belongs in the path"),
                (
                    "/api/customers/\(String(repeating: "9", count: 21))/spend",
                    "parameter 'customer_id' must be at most 20 characters long"
                ),
            ]
            for (uri, message) in cases {
                let response = try await client.get(uri)
                #expect(response.status == .badRequest, "\(uri)")
                #expect(response.errorMessage.hasPrefix(message), "\(uri): \(response.errorMessage)")
                #expect(response.headers[.contentType] == "application/json")
                #expect((response.json["error"] as? [String: Any])?["status"] as? Int == 400)
            }
            #expect(
                try await client.get("/api/kpis/top_products?x=1").acceptedParameters == [
                    "n", "limit", "offset", "format",
                ])
            let unknown = try await client.get("/api/kpis/top_product")
            #expect(unknown.status == .notFound)
            #expect(unknown.errorMessage == "no KPI named 'top_product' (did you mean 'top_products'?)")
        }
    }

    @Test func injectionAttemptsFindNothingAndChangeNothing() async throws {
        let built = try await BuiltExampleWarehouse.shared.get()
        let checksum = """
            select md5(string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text, ',' order by n.nspname, c.relname))
                || ' ' || (select md5(string_agg(f::text, ',' order by f::text)) from gold.fact_orders as f)
                || ' ' || (select count(*) from bronze.retail_history)
            from pg_class as c join pg_namespace as n on n.oid = c.relnamespace
            where n.nspname in ('bronze', 'silver', 'gold', 'public', 'wh_meta')
            """
        let before = try await TestDatabase.rows(checksum, in: built.database)
        try await ServedProject.withServer(built.kpis, database: built.database) { client in
            let hostile = [
                "12411' or '1'='1", "12411'; drop table gold.fact_orders; --", "12411 /* */ or 1=1",
                "' union select 1 --",
                "\u{3A9}mega \u{1F600}", "12411\\", "x;delete from bronze.retail_history",
            ]
            for value in hostile {
                let encoded = QueryEncoding.component(value)
                for uri in [
                    "/api/customers/\(encoded)/spend", "/api/customers/\(encoded)/orders",
                    "/api/customers/\(encoded)/returns", "/api/kpis/sales_by_country?region=\(encoded)",
                ] {
                    let response = try await client.get(uri)
                    // customer_id allows 20 characters, region 200: a longer value is refused before any query.
                    let refused = response.status == .badRequest && value.count > 20 && uri.contains("/customers/")
                    #expect(refused || response.status == .ok, "\(uri): \(response.text)")
                    #expect(refused || response.rows.isEmpty, "\(uri)")
                }
            }
            let nul = try await client.get("/api/kpis/sales_by_country?region=a%00b")
            #expect(nul.status == .badRequest)
            #expect(nul.errorMessage == "parameter 'region' must not contain a NUL character")
        }
        #expect(try await TestDatabase.rows(checksum, in: built.database) == before)
    }

    @Test func aSlowKPIGetsA504() async throws {
        let database = try await TestDatabase.create()
        let project = try ServedProject.temporaryProject([
            "models/_kpis.yml": """
            version: 2
            kpis:
              - name: slow
                sql: select pg_sleep(30) as slept
                statement_timeout: 200ms
            """
        ])
        let kpis = try await ServedProject.kpis(of: project, on: database)
        try await ServedProject.withServer(kpis, database: database) { client in
            let slow = try await client.get("/api/kpis/slow")
            #expect(slow.status == .gatewayTimeout)
            #expect(slow.errorMessage == "KPI 'slow' ran longer than its statement timeout (200 ms) and was cancelled")
        }
        let running = try await TestDatabase.rows(
            "select count(*) from pg_stat_activity where query like '%pg_sleep(30)%' and pid <> pg_backend_pid()",
            in: database)
        #expect(running == [["0"]], "the statement was cancelled, not left running")
    }

    @Test func otherConnectionsAreAnsweredWhileAQueryWaits() async throws {
        let database = try await TestDatabase.create()
        let project = try ServedProject.temporaryProject([
            "models/_kpis.yml": """
            version: 2
            kpis:
              - name: waiting
                sql: select pg_advisory_xact_lock_shared(4242)::text as got
              - name: quick
                sql: select 1 as one
            """
        ])
        let kpis = try await ServedProject.kpis(of: project, on: database)
        // The test holds the lock, so the KPI's query waits on a pool thread until the test lets it go.
        let lock = try await HeldAdvisoryLock(4242, on: database)
        // A timeout far beyond the test's length: only the test's unlock ends the wait, however loaded the machine.
        try await ServedProject.withServer(kpis, database: database, statementTimeoutMilliseconds: 3_600_000) {
            client in
            let port = try #require(client.port)
            let finished = Mutex(false)
            // Its own client, whose read timeout (15 s by default) the wait cannot outlast on a loaded machine.
            let patient = TestClient.Configuration(timeout: .seconds(3_600))
            async let waiting = TestClient.withClient(host: "127.0.0.1", port: port, configuration: patient) { client in
                let response = try await client.execute(.init("/api/kpis/waiting", method: .get))
                finished.withLock { $0 = true }
                return response.status
            }
            try await Self.waitUntilAQueryWaitsForTheLock(database)
            try await TestClient.withClient(host: "127.0.0.1", port: port) { other in
                for uri in ["/healthz", "/api/kpis/quick", "/healthz", "/api/kpis/quick"] {
                    let response = try await other.execute(.init(uri, method: .get))
                    #expect(response.status == .ok, "\(uri)")
                }
            }
            #expect(finished.withLock { $0 } == false)
            try await lock.release()
            #expect(try await waiting == .ok)
        }
    }

    private static func waitUntilAQueryWaitsForTheLock(_ database: ConnectionConfiguration) async throws {
        let waiting = "select count(*) from pg_locks where locktype = 'advisory' and not granted"
        while try await TestDatabase.rows(waiting, in: database) == [["0"]] {
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test func aStoppedDatabaseGetsA503WithRetryAfterAndServingResumesWhenItIsBack() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wh-serve-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let server = EmbeddedPostgres(projectRoot: root, options: .init(durable: false), logger: TestDatabase.logger)
        let database = try await BlockingWork.run { try server.start().configuration }
        defer {
            _ = try? server.stop()
            try? FileManager.default.removeItem(at: root)
        }
        let project = try ServedProject.temporaryProject([
            "models/_kpis.yml": "version: 2\nkpis:\n  - name: answer\n    sql: select 42 as answer\n"
        ])
        let kpis = try await ServedProject.kpis(of: project, on: database)
        try await ServedProject.withServer(kpis, database: database) { client in
            #expect(try await client.get("/api/kpis/answer").rows.first?.first as? Int == 42)
            try await BlockingWork.run { try server.stop() }
            let down = try await client.get("/api/kpis/answer")
            #expect(down.status == .serviceUnavailable)
            #expect(down.headers[.retryAfter] == "5")
            #expect(down.errorMessage == "the database is unreachable; try again shortly")
            _ = try await BlockingWork.run { try server.start() }
            #expect(try await client.get("/api/kpis/answer").rows.first?.first as? Int == 42)
        }
    }

    @Test func aKPIWhoseRelationIsMissingIsNamedAtStartupAndAnswers503() async throws {
        let database = try await TestDatabase.create()
        let project = try ServedProject.temporaryProject([
            "models/sales.sql": "select 1 as amount",
            "models/_kpis.yml": """
            version: 2
            kpis:
              - name: sales
                model: sales
                order_by: [amount]
            """,
        ])
        let kpis = try await ServedProject.kpis(of: project, on: database)
        let service = KPIService(
            kpis: kpis, pool: ConnectionPool(configuration: database, size: 1, logger: ServedProject.logger),
            statementTimeoutMilliseconds: 1000, logger: ServedProject.logger)
        let problems = await service.check()
        #expect(
            problems == [
                "KPI 'sales' (models/_kpis.yml:3:11): KPI 'sales' reads a relation that is not built yet (run `wh build`)"
            ], "\(problems)")
        try await ServedProject.withServer(kpis, database: database) { client in
            let response = try await client.get("/api/kpis/sales")
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "30")
        }
    }
}

/// Percent-encoding of a path segment or query value, written here apart from the server's.
enum QueryEncoding {
    static func component(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
