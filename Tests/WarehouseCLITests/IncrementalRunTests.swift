import Foundation
import PostgresClient
import Testing
import WarehouseTesting

/// `wh run` of an incremental model end to end: `is_incremental()` true once its table exists.
@Suite("incremental runs")
struct IncrementalRunTests {
    static let model = """
        {{ config(materialized='incremental') }}
        select id, v from public.raw_events
        {% if is_incremental() %} where id > (select max(id) from {{ this }}) {% endif %}
        """

    @Test("a second wh run appends only the new source rows; --full-refresh rebuilds from every row")
    func secondRunAppendsNewRows() async throws {
        let database = try await TestDatabase.create()
        let root = try CommandRunner.project(["models/events.sql": Self.model])
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["WH_DATABASE_URL": database.url]
        try await Self.execute(
            database,
            "create table public.raw_events (id int, v text); insert into public.raw_events values (1, 'a'), (2, 'b')")

        let first = await CommandRunner.run(["run", "--project-dir", root.path], environment: environment)
        #expect(first.exitCode == 0, "\(first.standardError)")
        let compiled = root.appendingPathComponent("target/compiled/shop/models/events.sql")
        #expect(try !String(contentsOf: compiled, encoding: .utf8).contains("max(id)"))

        // Row 1 changes too: a run that read every row again would show it, or duplicate rows 1 and 2.
        try await Self.execute(
            database,
            "update public.raw_events set v = 'changed' where id = 1; insert into public.raw_events values (3, 'c')")
        let second = await CommandRunner.run(["run", "--project-dir", root.path], environment: environment)
        #expect(second.exitCode == 0, "\(second.standardError)")
        #expect(second.standardError == "")
        #expect(try String(contentsOf: compiled, encoding: .utf8).contains("where id > (select max(id) from"))
        #expect(try await Self.rows(database) == ["1a", "2b", "3c"])

        let refreshed = await CommandRunner.run(
            ["run", "--project-dir", root.path, "--full-refresh"], environment: environment)
        #expect(refreshed.exitCode == 0, "\(refreshed.standardError)")
        #expect(try !String(contentsOf: compiled, encoding: .utf8).contains("max(id)"))
        #expect(try await Self.rows(database) == ["1changed", "2b", "3c"])
    }

    /// The model's rows as `id || v`, in id order.
    static func rows(_ database: ConnectionConfiguration) async throws -> [String?] {
        try await TestDatabase.rows("select id || v from public.events order by id", in: database).map {
            $0.first ?? nil
        }
    }

    /// Runs each `;`-separated statement of `sql`.
    static func execute(_ database: ConnectionConfiguration, _ sql: String) async throws {
        for statement in sql.split(separator: ";") {
            _ = try await TestDatabase.rows(String(statement), in: database)
        }
    }
}
