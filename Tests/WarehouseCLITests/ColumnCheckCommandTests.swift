import Foundation
import PostgresClient
import Testing
import WarehouseTesting

/// `wh test` and `wh build` check the columns tests name against the relations that exist before running anything.
@Suite("column check before wh test and wh build")
struct ColumnCheckCommandTests {
    private static let properties = """
        version: 2
        sources:
          - name: raw
            tables:
              - name: orders
                columns:
                  - name: id
                    data_tests: [unique]
                  - name: amout
                    data_tests: [not_null]
        models:
          - name: order_totals
            columns:
              - name: total
                data_tests: [not_null]
        """

    private static let sources = """
        version: 2
        sources:
          - name: raw
            tables: [{name: orders}]
        """

    private static let missingAmout = [
        "models/schema.yml:9:19: error: column 'amout' does not exist in raw.orders",
        "              - name: amout",
        "                      ^",
        "  help: did you mean 'amount'?",
    ].joined(separator: "\n")

    private func query(_ database: ConnectionConfiguration, _ sql: String) throws -> QueryResult {
        try Connection.connect(database, logger: TestDatabase.logger).execute(sql)
    }

    @Test("a missing column of an existing source stops wh build before any node runs")
    func missingSourceColumnStopsBuild() async throws {
        let database = try await TestDatabase.create()
        _ = try query(database, "create schema raw; create table raw.orders (id int, amount numeric)")
        let root = try CommandRunner.project([
            "models/order_totals.sql": "select sum(amount) as total from {{ source('raw', 'orders') }}",
            "models/schema.yml": Self.properties,
        ])
        defer { try? FileManager.default.removeItem(at: root) }

        let build = await CommandRunner.run(
            ["build", "--project-dir", root.path], environment: ["WH_DATABASE_URL": database.url])
        #expect(build.exitCode == 1)
        #expect(build.standardError == Self.missingAmout)
        #expect(!build.standardOutput.contains("START"))
        let created = try query(
            database, "select count(*) from information_schema.tables where table_name = 'order_totals'")
        #expect(created.string(row: 0, column: 0) == "0")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("target/run_results.json").path))
        // What was compiled is in target/ all the same.
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("target/manifest.json").path))
        #expect(
            FileManager.default.fileExists(
                atPath: root.appendingPathComponent("target/compiled/shop/models/order_totals.sql").path))
    }

    @Test("wh test names each missing column of existing models and sources, with the columns there are")
    func missingColumnsStopTest() async throws {
        let database = try await TestDatabase.create()
        _ = try query(database, "create schema raw; create table raw.orders (id int, amount numeric)")
        let root = try CommandRunner.project([
            "models/order_totals.sql": "select sum(amount) as grand_total from {{ source('raw', 'orders') }}",
            "models/schema.yml": Self.properties,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["WH_DATABASE_URL": database.url]
        let project = ["--project-dir", root.path]

        // Before the model exists only the source is checked; once built, its declared column is checked too.
        let run = await CommandRunner.run(["run"] + project, environment: environment)
        #expect(run.exitCode == 0, "\(run.standardError)")
        let test = await CommandRunner.run(["test"] + project, environment: environment)
        #expect(test.exitCode == 1)
        #expect(
            test.standardError
                == Self.missingAmout + "\n"
                + [
                    "models/schema.yml:14:15: error: column 'total' does not exist in public.order_totals",
                    "          - name: total",
                    "                  ^",
                    "  help: public.order_totals has the columns grand_total",
                ].joined(separator: "\n"))
        #expect(!test.standardOutput.contains("START"))
    }

    @Test("a column the build itself adds to a model is not reported; the tests then pass")
    func columnAddedInTheSameBuild() async throws {
        let database = try await TestDatabase.create()
        _ = try query(database, "create schema raw; create table raw.orders (id int, amount numeric)")
        let root = try CommandRunner.project([
            "models/order_totals.sql": "select count(*) as n from {{ source('raw', 'orders') }}",
            "models/schema.yml": Self.sources,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["WH_DATABASE_URL": database.url]
        let project = ["--project-dir", root.path]
        #expect(await CommandRunner.run(["run"] + project, environment: environment).exitCode == 0)

        try Data("select coalesce(sum(amount), 0) as total from {{ source('raw', 'orders') }}".utf8).write(
            to: root.appendingPathComponent("models/order_totals.sql"))
        try Data(
            """
            \(Self.sources)
            models:
              - name: order_totals
                columns:
                  - name: total
                    data_tests: [not_null]
            """.utf8
        ).write(to: root.appendingPathComponent("models/schema.yml"))
        let build = await CommandRunner.run(["build"] + project, environment: environment)
        #expect(build.exitCode == 0, "\(build.standardError)")
        #expect(build.standardOutput.hasSuffix("Done. PASS=2 WARN=0 ERROR=0 SKIP=0 TOTAL=2"))
    }

    @Test("a documented column no test needs is a note and the tests run; under an enforced contract it stops wh test")
    func documentedOnlyColumnIsANoteUnlessContracted() async throws {
        let database = try await TestDatabase.create()
        let documented = """
            version: 2
            models:
              - name: customers
                config: {contract: {enforced: CONTRACT}}
                columns:
                  - name: customer_id
                    data_tests: [unique]
                  - name: first_order
                    description: the model has no such column (classic jaffle_shop)
            """
        let root = try CommandRunner.project([
            "models/customers.sql": "select 1 as customer_id",
            "models/schema.yml": documented.replacingOccurrences(of: "CONTRACT", with: "false"),
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["WH_DATABASE_URL": database.url]
        let project = ["--project-dir", root.path]
        #expect(await CommandRunner.run(["run"] + project, environment: environment).exitCode == 0)

        let test = await CommandRunner.run(["test"] + project, environment: environment)
        #expect(test.exitCode == 0, "\(test.standardError)")
        #expect(
            test.standardError
                == [
                    "models/schema.yml:8:15: note: documented column 'first_order' does not exist in public.customers",
                    "          - name: first_order",
                    "                  ^",
                    "  help: public.customers has the columns customer_id; no test or contract needs it, so nothing stops",
                ].joined(separator: "\n"))
        #expect(test.standardOutput.hasSuffix("Done. PASS=1 WARN=0 ERROR=0 SKIP=0 TOTAL=1"))

        try Data(documented.replacingOccurrences(of: "CONTRACT", with: "true").utf8).write(
            to: root.appendingPathComponent("models/schema.yml"))
        let contracted = await CommandRunner.run(["test"] + project, environment: environment)
        #expect(contracted.exitCode == 1)
        #expect(
            contracted.standardError.hasPrefix(
                "models/schema.yml:8:15: error: column 'first_order' does not exist in public.customers"))
        #expect(!contracted.standardOutput.contains("START"))
    }
}
