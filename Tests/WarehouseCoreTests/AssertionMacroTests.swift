import Foundation
import SQLTemplate
import Testing
import WarehouseCore

/// `wh`'s own generic tests compile to the SQL that selects failing rows.
@Suite struct AssertionMacroTests {
    private func compiledTests(_ yaml: String) async throws -> [String: String] {
        let project = try TemporaryProject.named([
            "models/orders.sql": "select 1 as id, 2 as qty, now() as loaded_at",
            "models/schema.yml": yaml,
        ])
        let compiled = try await project.compile(options: CompileOptions(database: "d", environment: [:]))
        return Dictionary(
            uniqueKeysWithValues: compiled.nodes.values.filter { $0.resourceType == .test }.map {
                ($0.name, FixtureProjects.normalized($0.compiledCode))
            })
    }

    @Test func eachAssertionCompiles() async throws {
        let tests = try await compiledTests(
            """
            version: 2
            models:
              - name: orders
                data_tests:
                  - expression_is_true: {arguments: {expression: "qty >= 0"}}
                  - unique_combination: {arguments: {columns: [id, qty]}}
                  - row_count: {arguments: {min: 1, max: 10}}
                  - not_empty
                columns:
                  - name: qty
                    data_tests:
                      - accepted_range: {arguments: {min_value: 0, max_value: 100, inclusive: false}}
                  - name: loaded_at
                    data_tests:
                      - recency: {arguments: {datepart: hour, interval: 6}}
            """)
        let model = #""d"."public"."orders""#
        #expect(tests["expression_is_true_orders_qty_0"] == "select * from \(model) where not (qty >= 0)")
        #expect(
            tests["unique_combination_orders_id__qty"]
                == "select id, qty, count(*) as n_records from \(model) group by id, qty having count(*) > 1")
        #expect(
            tests["row_count_orders_10__1"]
                == "select row_count from (select count(*) as row_count from \(model)) counted where row_count < 1 or row_count > 10"
        )
        #expect(tests["not_empty_orders_"] == "select 'no rows' as problem where not exists (select 1 from \(model))")
        #expect(
            tests["accepted_range_orders_qty__False__100__0"]
                == "select * from \(model) where qty is not null and ( qty <= 0 or qty >= 100 )")
        #expect(
            tests["recency_orders_loaded_at__hour__6"]
                == "select max(loaded_at) as most_recent, now() - interval '6 hour' as threshold from \(model) "
                + "having max(loaded_at) is null or max(loaded_at) < now() - interval '6 hour'")
    }

    /// Strict mode: dbt (and `wh` by default) leaves a missing macro argument undefined, rendered as empty text.
    @Test func missingRequiredArgumentIsReportedAtTheTestEntryInStrictMode() async throws {
        let project = try TemporaryProject.named([
            "models/orders.sql": "select 1 as id",
            "models/schema.yml": "version: 2\nmodels:\n  - name: orders\n    data_tests:\n      - expression_is_true\n",
        ])
        let strict = CompileOptions(environment: [:], strictUndefined: true)
        let problem = try #require(try await project.problems(options: strict).first)
        #expect(problem.diagnostic.location.path == "models/schema.yml")
        #expect(problem.diagnostic.location.line == 5)
        #expect(problem.diagnostic.message.contains("expression"))
    }

    @Test func rangeWithoutBoundsIsAnErrorAtTheTestEntry() async throws {
        let project = try TemporaryProject.named([
            "models/orders.sql": "select 1 as id",
            "models/schema.yml":
                "version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        data_tests:\n          - accepted_range\n",
        ])
        let problem = try #require(try await project.problems().first)
        #expect(problem.diagnostic.location.line == 7)
        #expect(problem.diagnostic.message == "accepted_range needs min_value, max_value or both")
    }

    @Test func sourceFreshnessCompilesToOneRowPerPassedThreshold() async throws {
        let project = try TemporaryProject.named([
            "models/sources.yml": """
            version: 2
            sources:
              - name: raw
                loaded_at_field: synced_at
                freshness: {warn_after: {count: 6, period: hour}, error_after: {count: 1, period: day}}
                tables:
                  - name: orders
                  - name: events
                    loaded_at_field: created_at
                    freshness: {warn_after: {count: 30, period: minute}, filter: "kind = 'x'"}
                  - name: customers
                    freshness: null
            """
        ])
        let compiled = try await project.compile(options: CompileOptions(database: "d", environment: [:]))
        let tests = Dictionary(
            uniqueKeysWithValues: compiled.nodes.values.filter { $0.resourceType == .test }.map { ($0.name, $0) })
        #expect(Set(tests.keys) == ["source_freshness_raw_orders", "source_freshness_raw_events"])
        let orders = try #require(tests["source_freshness_raw_orders"])
        #expect(
            FixtureProjects.normalized(orders.compiledCode)
                == "select thresholds.threshold, thresholds.allowed, latest.max_loaded_at, "
                + "now() - latest.max_loaded_at as age "
                + #"from (select max(synced_at) as max_loaded_at from "d"."raw"."orders") latest "#
                + "cross join ( select 'warn_after' as threshold, interval '6 hour' as allowed union all "
                + "select 'error_after' as threshold, interval '1 day' as allowed ) thresholds "
                + "where latest.max_loaded_at is null or latest.max_loaded_at < now() - thresholds.allowed")
        #expect(orders.config.severity == "error")
        #expect(orders.config.warnIf == ">= 1")
        #expect(orders.config.errorIf == ">= 2")
        #expect(orders.testMetadata?.columnName == "synced_at")
        #expect(orders.testMetadata?.attachedNode == NodeID(.source, package: "p", name: "raw.orders"))
        #expect(orders.location.line == 7)

        let events = try #require(tests["source_freshness_raw_events"])
        #expect(events.config.severity == "warn")
        #expect(events.config.where == "kind = 'x'")
        #expect(FixtureProjects.normalized(events.compiledCode).contains("max(created_at)"))
        #expect(FixtureProjects.normalized(events.compiledCode).contains("where kind = 'x'"))
        #expect(!events.compiledCode.contains("error_after"))
    }

    @Test func freshnessWithErrorAfterShorterThanWarnAfterIsAnErrorAtTheTable() async throws {
        let project = try TemporaryProject.named([
            "models/sources.yml": """
            version: 2
            sources:
              - name: raw
                tables:
                  - name: orders
                    loaded_at_field: synced_at
                    freshness: {warn_after: {count: 2, period: day}, error_after: {count: 36, period: hour}}
            """
        ])
        let problems = try await project.problems()
        #expect(problems.count == 1)
        let diagnostic = try #require(problems.first?.diagnostic)
        #expect(diagnostic.location == SourceLocation(path: "models/sources.yml", line: 5, column: 15))
        #expect(
            diagnostic.message
                == "freshness of raw.orders: error_after (36 hour) is shorter than warn_after (2 day)")
    }

    @Test func modelLevelColumnNameArgumentIsTheTestedColumn() async throws {
        let tests = try await compiledTests(
            """
            version: 2
            models:
              - name: orders
                data_tests:
                  - not_null: {arguments: {column_name: qty}}
            """)
        #expect(tests["not_null_orders_qty"] == #"select qty from "d"."public"."orders" where qty is null"#)
    }
}
