import Foundation
import Hummingbird
import HummingbirdTesting
import SQLTemplate
import Testing
import WarehouseCore
import WarehouseServer

/// Auth on the example warehouse's KPIs over loopback: off by default, and when on, 401 without or with a bad
/// credential, 403 without a KPI's scope, 200 with it; `/metrics` counts what was asked.
@Suite struct ServeAuthTests {
    static let secret = "example-warehouse-secret-of-at-least-32-bytes"

    @Test func withoutAuthEveryKPIIsOpen() async throws {
        let built = try await BuiltExampleWarehouse.shared.get()
        try await ServedProject.withServer(built.kpis, database: built.database) { client async throws in
            #expect(try await client.get("/api/kpis/total_sales").status == .ok)
            #expect(try await client.get("/api/customers/12411/spend").status == .ok)
        }
    }

    @Test func withAuthCredentialsAndScopesDecide() async throws {
        let built = try await BuiltExampleWarehouse.shared.get()
        var kpis = built.kpis
        for index in kpis.indices where kpis[index].name == "top_products" { kpis[index].definition.scopes = ["sales"] }
        let here = SourceLocation(path: "project.yml", line: 1, column: 1)
        let authenticator = BearerAuthenticator(
            settings: ServeAuthSettings(
                tokens: [.init(name: "ops", token: "ops-token-0123456789", scopes: [], location: here)],
                jwt: .init(secret: Self.secret, location: here)))
        let metrics = ServerMetrics()
        try await ServedProject.withServer(
            kpis, database: built.database, delivery: KPIDelivery(authenticator: authenticator),
            metrics: MetricsEndpoint(metrics: metrics)
        ) { client async throws in
            func status(_ uri: String, _ token: String?) async throws -> HTTPResponse.Status {
                try await client.get(uri, headers: token.map { [.authorization: "Bearer \($0)"] } ?? [:]).status
            }
            let top = "/api/kpis/top_products?n=3"
            let anonymous = try await client.get(top)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.wwwAuthenticate] == "Bearer realm=\"wh\"")
            #expect(anonymous.errorMessage == "authentication required: send `Authorization: Bearer <token>`")
            #expect(try await status("/api/kpis/no_such_kpi", nil) == .unauthorized)
            #expect(try await status(top, TestJWT.make(secret: Self.secret + "x", scope: "sales")) == .unauthorized)
            #expect(
                try await status(top, TestJWT.make(secret: Self.secret, scope: "sales", expiresIn: -5)) == .unauthorized
            )
            #expect(try await status(top, TestJWT.make(secret: Self.secret, scope: "returns")) == .forbidden)
            #expect(try await status(top, "ops-token-0123456789") == .forbidden)
            let allowed = try await client.get(
                top, headers: [.authorization: "Bearer " + TestJWT.make(secret: Self.secret, scope: "returns sales")])
            #expect(allowed.status == .ok)
            #expect(allowed.rows.count == 3)
            #expect(try await status("/api/kpis/total_sales", "ops-token-0123456789") == .ok)
            // Parameters are checked only once the caller is let in.
            #expect(try await status("/api/kpis/top_products?n=abc", nil) == .unauthorized)
            #expect(try await status("/healthz", nil) == .ok)
            #expect(try await status("/metrics", nil) == .unauthorized)

            let exposition = try await client.get("/metrics", headers: [.authorization: "Bearer ops-token-0123456789"])
            let lines = Set(exposition.text.split(separator: "\n").map(String.init))
            let route = "/api/kpis/{kpi}"
            #expect(lines.contains(#"wh_http_requests_total{route="\#(route)",method="GET",status="401"} 5"#))
            #expect(lines.contains(#"wh_http_requests_total{route="\#(route)",method="GET",status="403"} 2"#))
            #expect(lines.contains(#"wh_http_requests_total{route="\#(route)",method="GET",status="200"} 2"#))
            #expect(lines.contains(#"wh_http_requests_total{route="/healthz",method="GET",status="200"} 1"#))
            #expect(lines.contains(#"wh_http_requests_total{route="/metrics",method="GET",status="401"} 1"#))
            #expect(lines.contains(#"wh_http_request_duration_seconds_count{route="\#(route)"} 9"#))
        }
    }

    @Test func theExposureWarningIsForOpenNonLoopbackAddressesOnly() {
        let open = ServerAddress(host: "0.0.0.0", port: 8080)
        #expect(
            ExposureWarning.message(address: open, authConfigured: false)?.hasPrefix(
                "warning: serving on 0.0.0.0, beyond loopback, without authentication") == true)
        #expect(ExposureWarning.message(address: open, authConfigured: true) == nil)
        #expect(ExposureWarning.message(address: ServerAddress(), authConfigured: false) == nil)
    }
}
