import Foundation
import PostgresClient
import Testing
import WarehouseTesting

/// The repository's own example warehouse, built by `wh build` on a real Postgres, gives the figures computed
/// in Swift straight from its seed CSV.
@Suite struct ExampleWarehouseTests {
    @Test func buildPassesEveryAssertionAndTheKPIsMatchTheCSV() async throws {
        let database = try await TestDatabase.create()
        let project = try CommandRunner.exampleProject()
        let result = await CommandRunner.run(
            ["build", "--project-dir", project.path], environment: ["WH_DATABASE_URL": database.url])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("PASS=112 WARN=1 ERROR=0 SKIP=0 TOTAL=113"))

        let expected = try ExampleWarehouseFigures(
            csv: project.appendingPathComponent("seeds/retail_history.csv"), loyalMinimumOrders: 3)
        func value(_ sql: String) async throws -> String? {
            try await TestDatabase.rows(sql, in: database).first?.first ?? nil
        }
        #expect(try await value("select count(*) from silver.silver_order_lines") == String(expected.lines))
        #expect(
            try await value("select (sum(sales_revenue) * 100)::bigint from gold.kpi_sales_monthly")
                == String(expected.salesRevenueCents))
        #expect(
            try await value("select (sum(returns_value) * 100)::bigint from gold.kpi_returns")
                == String(expected.returnsValueCents))
        let top = try await TestDatabase.rows(
            "select stock_code, (sales_revenue * 100)::bigint from gold.kpi_top_products where revenue_rank = 1",
            in: database)
        #expect(top.first == [expected.topProduct.stockCode, String(expected.topProduct.revenueCents)])
        #expect(
            try await value("select count(*) from gold.dim_customer where is_loyal") == String(expected.loyalCustomers))

        let runResults = try JSONSerialization.jsonObject(
            with: Data(contentsOf: project.appendingPathComponent("target/run_results.json")))
        let results = try #require((runResults as? [String: Any])?["results"] as? [[String: Any]])
        #expect(results.count == 113)

        // The customer snapshot holds one current version per customer; a second build on the same data adds none.
        let versions =
            "select count(*) || ' ' || count(*) filter (where dbt_valid_to is null) from silver.customers_snapshot"
        let customers = try await value("select count(*) from silver.silver_customers")
        #expect(try await value(versions) == "\(customers ?? "") \(customers ?? "")")
        let second = await CommandRunner.run(
            ["build", "--project-dir", project.path], environment: ["WH_DATABASE_URL": database.url])
        #expect(second.exitCode == 0, "\(second.standardError)")
        #expect(try await value(versions) == "\(customers ?? "") \(customers ?? "")")

        // A Kafka order of customer 12411, known so far only from the CSV history (no e-mail): the next build gives it
        // a second version with the event's e-mail, and dim_customer shows the current one.
        _ = try await TestDatabase.rows(
            #"""
            insert into bronze.order_events
                (kafka_topic, kafka_partition, kafka_offset, payload, event_id, order_id, customer_id, country, status,
                 occurred_at)
            values ('orders', 0, 0, '{"customer_email": "ann@example.com", "lines": [{"sku": "23084",
                "name": "RABBIT NIGHT LIGHT", "quantity": 1, "unit_price": "1.76"}]}', 'e1', 'K1', '12411',
                'United Kingdom', 'placed', '2024-12-30 10:00:00+00')
            """#, in: database)
        let third = await CommandRunner.run(
            ["build", "--project-dir", project.path], environment: ["WH_DATABASE_URL": database.url])
        #expect(third.exitCode == 0, "\(third.standardError)")
        let history = try await TestDatabase.rows(
            """
            select coalesce(email, '-') || ' ' || (dbt_valid_to is null)::text from silver.customers_snapshot
            where customer_id = '12411' order by dbt_valid_from
            """, in: database)
        #expect(history == [["- false"], ["ann@example.com true"]])
        #expect(
            try await value("select country || ' ' || email from gold.dim_customer where customer_id = '12411'")
                == "United Kingdom ann@example.com")
    }

    @Test func aBrokenModelIsReportedAtItsLineWhileOtherBranchesAreBuilt() async throws {
        let database = try await TestDatabase.create()
        let project = try CommandRunner.project([
            "models/base.sql": "select 1 as id",
            "models/broken.sql":
                "{{ config(materialized='table') }}\n\nselect id,\n  missing_column\nfrom {{ ref('base') }}",
            "models/after_broken.sql": "select * from {{ ref('broken') }}",
            "models/fine.sql": "select id + 1 as id from {{ ref('base') }}",
        ])
        let result = await CommandRunner.run(
            ["run", "--project-dir", project.path], environment: ["WH_DATABASE_URL": database.url])
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("models/broken.sql:4: error in model broken"))
        #expect(result.standardError.contains(#"column "missing_column" does not exist"#))
        #expect(result.standardOutput.contains("SKIP relation public.after_broken"))
        #expect(result.standardOutput.contains("PASS=2 WARN=0 ERROR=1 SKIP=1 TOTAL=4"))
        #expect(try await TestDatabase.rows("select id from public.fine", in: database) == [["2"]])
    }

    @Test func failFastStartsNothingAfterTheFirstFailure() async throws {
        let database = try await TestDatabase.create()
        let project = try CommandRunner.project([
            "models/a_broken.sql": "select nope",
            "models/b_fine.sql": "select 1 as id",
            "models/c_fine.sql": "select 2 as id",
        ])
        let result = await CommandRunner.run(
            ["run", "--project-dir", project.path, "--threads", "1", "--fail-fast"],
            environment: ["WH_DATABASE_URL": database.url])
        #expect(result.exitCode == 1)
        #expect(result.standardOutput.contains("ERROR=1 SKIP=2"))
    }

    @Test func anUnreachableServerIsNamedAndExitsOne() async throws {
        let project = try CommandRunner.project(["models/a.sql": "select 1 as id"])
        let result = await CommandRunner.run(
            ["run", "--project-dir", project.path],
            environment: ["WH_DATABASE_URL": "postgresql://wh@127.0.0.1:1/nowhere"])
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("127.0.0.1:1"))
        #expect(result.standardError.contains("WH_DATABASE_URL"))
        #expect(!result.standardError.contains("Fatal error"))
    }

    @Test func aMalformedSeedNamesItsLineAndKeepsTheTable() async throws {
        let database = try await TestDatabase.create()
        let project = try CommandRunner.project(["seeds/people.csv": "id,name\n1,ann\n2,bob\n"])
        let first = await CommandRunner.run(
            ["seed", "--project-dir", project.path], environment: ["WH_DATABASE_URL": database.url])
        #expect(first.exitCode == 0, "\(first.standardError)")
        try Data("id,name\n1,ann\n2,bob,extra\n".utf8).write(to: project.appendingPathComponent("seeds/people.csv"))
        let second = await CommandRunner.run(
            ["seed", "--project-dir", project.path], environment: ["WH_DATABASE_URL": database.url])
        #expect(second.exitCode == 1)
        #expect(second.standardError.contains("seeds/people.csv:3:"))
        #expect(
            try await TestDatabase.rows("select name from public.people order by id", in: database) == [
                ["ann"], ["bob"],
            ])
    }
}

@Suite struct UnsupportedMaterializationTests {
    @Test func aModelMaterializedAsSomethingElseIsRefusedAtItsFileBeforeAnythingRuns() async throws {
        let database = try await TestDatabase.create()
        let project = try CommandRunner.project([
            "models/events.sql":
                "{{ config(materialized='incremental', incremental_strategy='insert_overwrite') }}select 1 as id",
            "models/odd.sql": "{{ config(materialized='seed') }}select 2 as id",
        ])
        let result = await CommandRunner.run(
            ["run", "--project-dir", project.path], environment: ["WH_DATABASE_URL": database.url])
        #expect(result.exitCode == 1)
        #expect(
            result.standardError.contains(
                "models/events.sql:1:1: error: incremental_strategy 'insert_overwrite' is not supported"))
        #expect(result.standardError.contains("help: use one of append, delete+insert, merge, microbatch"))
        #expect(result.standardError.contains("models/odd.sql:1:1: error: materialized='seed' is not supported"))
        #expect(result.standardError.contains("help: use one of view, table, ephemeral, incremental"))
        #expect(!result.standardOutput.contains("START"))
    }
}
