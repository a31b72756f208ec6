import Foundation
import Hummingbird
import PostgresClient
import Testing
import WarehouseCore
import WarehouseServer
import WarehouseTesting

/// Pooled connections keep their serving settings and prepared KPI statements between requests, safely.
///
/// What a KPI changes in its session is put back before the next request, and a statement whose view changed its
/// columns is prepared again. Each test serves through one connection, so consecutive requests share it.
@Suite struct KPISessionTests {
    @Test func settingsAKPIChangesAreBackBeforeTheNextRequest() async throws {
        let database = try await TestDatabase.create()
        let project = try ServedProject.temporaryProject([
            "models/_kpis.yml": """
            version: 2
            kpis:
              - name: meddle
                sql: |
                  select set_config('TimeZone', 'America/New_York', false) as time_zone,
                         set_config('DateStyle', 'SQL, DMY', false) as date_style,
                         set_config('IntervalStyle', 'postgres', false) as interval_style,
                         set_config('default_transaction_read_only', 'off', false) as read_only,
                         set_config('statement_timeout', '0', false) as timeout
              - name: settings
                sql: |
                  select timestamptz '2024-03-01 12:00:00+00' as instant, date '2024-03-01' as day,
                         interval '1 day 2 hours' as span, current_setting('transaction_read_only') as read_only,
                         current_setting('statement_timeout') as timeout
              - name: slow
                sql: select pg_sleep(20) as slept
                statement_timeout: 200ms
            """
        ])
        let kpis = try await ServedProject.kpis(of: project, on: database)
        try await ServedProject.withServer(kpis, database: database, poolSize: 1) { client in
            let meddled = try await client.get("/api/kpis/meddle")
            #expect(meddled.status == .ok)
            #expect(meddled.records.first?["time_zone"] as? String == "America/New_York")
            let settings = try await client.get("/api/kpis/settings")
            let row = try #require(settings.records.first)
            #expect(row["instant"] as? String == "2024-03-01T12:00:00Z")
            #expect(row["day"] as? String == "2024-03-01")
            #expect(row["span"] as? String == "P1DT2H")
            #expect(row["read_only"] as? String == "on")
            #expect(row["timeout"] as? String == "10s")
            _ = try await client.get("/api/kpis/meddle")
            #expect(try await client.get("/api/kpis/slow").status == .gatewayTimeout)
        }
    }

    @Test func aBuildThatChangesAViewsColumnsBetweenTwoRequestsIsAnswered() async throws {
        let database = try await TestDatabase.create()
        let project = try ServedProject.temporaryProject([
            "models/figures.sql": "select 1 as a",
            "models/_kpis.yml": """
            version: 2
            kpis:
              - name: figures
                model: figures
                order_by: [a]
            """,
        ])
        try await ServedProject.build(project, database)
        let kpis = try await ServedProject.kpis(of: project, on: database)
        try await ServedProject.withServer(kpis, database: database, poolSize: 1) { client in
            let before = try await client.get("/api/kpis/figures")
            #expect(before.columns == ["a"])
            try Data("select 1 as a, 'two' as b".utf8).write(to: project.appendingPathComponent("models/figures.sql"))
            try await ServedProject.build(project, database)
            let after = try await client.get("/api/kpis/figures")
            #expect(after.status == .ok, "\(after.text)")
            #expect(after.columns == ["a", "b"])
            #expect(after.rows.first?.last as? String == "two")
        }
    }
}
