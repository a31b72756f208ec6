import Foundation
import Synchronization
import Testing
import WarehouseCore
import WarehouseTesting

@testable import WarehouseEngine

@Suite("Data tests in a run: custom and singular tests, sources, skipping, progress")
struct DataTestRunTests {
    typealias F = ExecutionFixture

    /// Collects progress lines from the executor's callback.
    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        func append(_ event: ProgressEvent) { lines.withLock { $0.append(event.line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    @Test("a custom generic test from macros/, a singular test and a test on a source")
    func customSingularSource() async throws {
        let database = try await TestDatabase.create()
        _ = try await F.query(
            database,
            """
            create schema raw;
            create table raw.customers (id int, email text);
            insert into raw.customers values (1, 'a@x'), (2, null), (3, 'c@x'), (4, null);
            """)
        let results = try await DataTestProject([
            "macros/is_even.sql": """
            {% test is_even(model, column_name) %}
            select * from {{ model }} where {{ column_name }} % 2 <> 0
            {% endtest %}
            """,
            "models/numbers.sql": "select * from (values (2, 10), (3, 11), (4, 12), (5, 14)) as t(n, amount)",
            "models/schema.yml": """
            version: 2
            sources:
              - name: raw
                tables:
                  - name: customers
                    columns:
                      - name: email
                        tests: [not_null]
                      - name: id
                        tests: [unique]
            models:
              - name: numbers
                columns:
                  - name: n
                    tests: [is_even]
                  - name: amount
                    tests: [is_even]
            """,
            "data_tests/amount_not_above_11.sql": "select * from {{ ref('numbers') }} where amount > 11",
            "data_tests/nothing_wrong.sql": "select * from {{ ref('numbers') }} where amount > 100",
        ]).run(on: database)
        #expect(
            results.testOutcomes == [
                "is_even_numbers_n": "fail 2",
                "is_even_numbers_amount": "fail 1",
                "amount_not_above_11": "fail 2",
                "nothing_wrong": "pass 0",
                "source_not_null_raw_customers_email": "fail 2",
                "source_unique_raw_customers_id": "pass 0",
            ])
        let sample = try #require(try results.named("is_even_numbers_n").failingRows)
        #expect(sample.columns == ["n", "amount"])
        #expect(Set(sample.rows) == [["3", "11"], ["5", "14"]])
    }

    /// The outcomes are those `dbt build` 1.11.16 gives for the same project.
    @Test("config() inside a test macro sets fail_calc, thresholds, severity, where, limit and store_failures")
    func configInsideTestMacro() async throws {
        let database = try await TestDatabase.create()
        let results = try await DataTestProject([
            "macros/tests.sql": """
            {% test same_count(model, compare_model) %}
            {{ config(fail_calc = 'sum(coalesce(diff_count, 0))') }}
            select abs((select count(*) from {{ model }}) - (select count(*) from {{ compare_model }})) as diff_count
            union all select 0
            {% endtest %}
            {% test odd_tolerated(model, column_name) %}
            {{ config(severity = 'warn', warn_if = '>1') }}
            select * from {{ model }} where {{ column_name }} % 2 = 1
            {% endtest %}
            {% test large_after_filter(model, column_name) %}
            {{ config(where = column_name ~ ' > 2') }}
            select * from {{ model }} where {{ column_name }} <= 2
            {% endtest %}
            {% test stored_odd(model, column_name) %}
            {{ config(limit = 1, store_failures = true, error_if = '>5') }}
            select * from {{ model }} where {{ column_name }} % 2 = 1
            {% endtest %}
            """,
            "models/three.sql": "select * from (values (1), (2), (3)) as t(n)",
            "models/also_three.sql": "select * from (values (4), (5), (6)) as t(n)",
            "models/six.sql": "select * from generate_series(1, 6) as t(n)",
            "models/schema.yml": """
            version: 2
            models:
              - name: three
                data_tests:
                  - same_count: {compare_model: ref('also_three')}
                  - same_count: {compare_model: ref('six')}
                columns:
                  - name: n
                    data_tests: [odd_tolerated, large_after_filter, stored_odd]
              - name: also_three
                columns:
                  - name: n
                    data_tests: [odd_tolerated]
            """,
        ]).run(on: database)
        #expect(
            results.testOutcomes == [
                // count(*) would count two rows and fail both; fail_calc sums the difference.
                "same_count_three_ref_also_three_": "pass 0",
                "same_count_three_ref_six_": "fail 3",
                // two odd numbers (1, 3), warn_if '>1' and severity warn; one odd number (5) passes.
                "odd_tolerated_three_n": "warn 2",
                "odd_tolerated_also_three_n": "pass 1",
                // where 'n > 2' leaves only 3, which passes.
                "large_after_filter_three_n": "pass 0",
                // limit 1 counts one row, under error_if '>5' but over warn_if's default.
                "stored_odd_three_n": "warn 1",
            ])
        // The audit table keeps the rows the limit lets through, as dbt's does (checked with dbt 1.11.16).
        #expect(try await F.ints(database, "select count(*) from public_audit.stored_odd_three_n") == [1])
    }

    @Test("a failing error-severity test skips the tested model's descendants; a warning and other branches do not")
    func skipsDescendants() async throws {
        let database = try await TestDatabase.create()
        let lines = Lines()
        let results = try await DataTestProject([
            "models/orders.sql": "select * from (values (1, 'a'), (null, 'b'), (null, 'c')) as t(id, code)",
            "models/order_totals.sql":
                "{{ config(materialized='table') }}\nselect count(*) as n from {{ ref('orders') }}",
            "models/order_report.sql": "select * from {{ ref('order_totals') }}",
            "models/products.sql": "select * from (values (1), (1)) as t(id)",
            "models/product_report.sql": "{{ config(materialized='table') }}\nselect * from {{ ref('products') }}",
            "models/calendar.sql": "{{ config(materialized='table') }}\nselect 1 as day",
            "models/schema.yml": """
            version: 2
            models:
              - name: orders
                columns:
                  - name: id
                    tests: [not_null]
                  - name: code
                    tests: [unique]
              - name: products
                columns:
                  - name: id
                    tests:
                      - unique:
                          config: {severity: warn}
              - name: order_totals
                columns:
                  - name: n
                    tests: [not_null]
            """,
        ]).run(on: database, threads: 4, progress: lines.append)
        let statuses = Dictionary(uniqueKeysWithValues: results.results.map { ($0.node.name, $0.status) })
        #expect(
            statuses == [
                "orders": .success, "not_null_orders_id": .fail, "unique_orders_code": .pass,
                "order_totals": .skipped, "not_null_order_totals_n": .skipped, "order_report": .skipped,
                "products": .success, "unique_products_id": .warn, "product_report": .success,
                "calendar": .success,
            ])
        let skipped = try results.named("order_totals")
        #expect(skipped.message.hasPrefix("skipped because test.p.not_null_orders_id."))
        #expect(try await F.ints(database, "select count(*)::int from public.product_report") == [2])
        #expect(
            try await F.ints(
                database, "select count(*)::int from pg_class where relname in ('order_totals', 'order_report')")
                == [0])
        // The warned model's child started only after its test had finished.
        let warned = try #require(try results.named("unique_products_id").completedAt)
        let child = try #require(try results.named("product_report").startedAt)
        #expect(warned <= child)
        #expect(results.summaryLine == "Done. PASS=5 WARN=1 ERROR=1 SKIP=3 TOTAL=10")

        let failLine = try #require(lines.all.first { $0.contains(" FAIL 2 not_null_orders_id ") })
        #expect(
            failLine.range(
                of: #"^\d+ of 10 FAIL 2 not_null_orders_id \.+ \[FAIL 2 in \d+\.\d\ds\]$"#, options: .regularExpression)
                != nil)
        #expect(
            lines.all.contains {
                $0.range(
                    of: #"^\d+ of 10 PASS unique_orders_code \.+ \[PASS in \d+\.\d\ds\]$"#, options: .regularExpression)
                    != nil
            })
        #expect(
            lines.all.contains {
                $0.range(
                    of: #"^\d+ of 10 WARN 1 unique_products_id \.+ \[WARN 1 in \d+\.\d\ds\]$"#,
                    options: .regularExpression) != nil
            })
        #expect(
            lines.all.contains {
                $0.range(of: #"^\d+ of 10 START test not_null_orders_id \.+ \[RUN\]$"#, options: .regularExpression)
                    != nil
            })
        #expect(
            lines.all.contains {
                $0.range(
                    of: #"^\d+ of 10 SKIP test not_null_order_totals_n \.+ \[SKIP\]$"#, options: .regularExpression)
                    != nil
            })
    }

    @Test("the failure message names the count, the threshold and a sample of the failing rows")
    func sampleRows() async throws {
        let database = try await TestDatabase.create()
        let results = try await DataTestProject([
            "models/m.sql":
                "select * from generate_series(1, 8) as t(id), (values ('x'::text, null::int)) as v(tag, a)",
            "models/schema.yml": """
            version: 2
            models:
              - name: m
                tests:
                  - expression_is_true:
                      name: a_is_set
                      expression: a is not null
            """,
        ]).run(on: database)
        let result = try results.named("a_is_set")
        #expect(result.status == .fail)
        #expect(result.failures == 8)
        let sample = try #require(result.failingRows)
        #expect(sample.columns == ["id", "tag", "a"])
        #expect(sample.rows.count == FailingRows.sampleSize)
        #expect(sample.rows.allSatisfy { $0.count == 3 && $0[1] == "x" && $0[2] == nil })
        let lines = result.message.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "Got 8 results, configured to fail if != 0")
        #expect(lines.dropFirst().first == "failing rows (first 5):")
        #expect(lines.dropFirst(2).first == "  id | tag | a")
        #expect(lines.count == 8)
        #expect(lines.dropFirst(3).allSatisfy { $0.hasPrefix("  ") && $0.hasSuffix(" | x | NULL") })

        let data = try results.runResultsJSON(metadata: RunResultsMetadata(whVersion: "0.1.0"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let entries = try #require(json["results"] as? [[String: Any]])
        let entry = try #require(entries.first { $0["unique_id"] as? String == result.node.id.rawValue })
        #expect(entry["status"] as? String == "fail")
        #expect(entry["failures"] as? Int == 8)
    }
}
