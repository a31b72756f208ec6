import Foundation
import Testing
import WarehouseCore
import WarehouseTesting

@testable import WarehouseEngine

@Suite("Data tests: dbt's four and wh's own, against a real Postgres")
struct DataTestBuiltinTests {
    /// The same tests on a model of clean rows and one made to break each of them.
    static func properties(for model: String) -> String {
        """
          - name: \(model)
            tests:
              - unique_combination:
                  columns: ['id', 'created_at']
              - row_count:
                  min: 1
                  max: 3
              - not_empty
            columns:
              - name: id
                tests: [not_null, unique]
              - name: status
                tests:
                  - accepted_values:
                      values: ['placed', 'shipped']
              - name: customer_id
                tests:
                  - relationships:
                      to: ref('customers')
                      field: id
              - name: amount
                tests:
                  - expression_is_true:
                      expression: '>= 0'
                  - accepted_range:
                      min_value: 0
                      max_value: 100
              - name: created_at
                tests:
                  - recency:
                      datepart: day
                      interval: 1

        """
    }

    static let files = [
        "models/customers.sql": "select * from (values (1), (2), (3)) as t(id)",
        "models/clean.sql": """
        {{ config(materialized='table') }}
        select * from (values
            (1, 1, 'placed', 10, now()),
            (2, 2, 'shipped', 20, now()),
            (3, 1, 'placed', 30, now())
        ) as t(id, customer_id, status, amount, created_at)
        """,
        "models/broken.sql": """
        {{ config(materialized='table') }}
        select * from (values
            (1, 1, 'placed', 10, now() - interval '3 days'),
            (1, 9, 'lost', -5, now() - interval '3 days'),
            (null::int, 8, 'gone', 500, now() - interval '3 days'),
            (4, 2, 'shipped', 20, now() - interval '3 days')
        ) as t(id, customer_id, status, amount, created_at)
        """,
        "models/empty.sql": "select 1 as id where false",
        "models/schema.yml": "version: 2\nmodels:\n" + properties(for: "clean") + properties(for: "broken")
            + "  - name: empty\n    tests: [not_empty]\n",
    ]

    @Test("each built-in test passes on clean rows and fails with the count of the rows that break it")
    func cleanAndBroken() async throws {
        let database = try await TestDatabase.create()
        let results = try await DataTestProject(DataTestBuiltinTests.files).run(on: database, threads: 3)
        #expect(
            results.testOutcomes == [
                "unique_combination_clean_id__created_at": "pass 0",
                "row_count_clean_3__1": "pass 0",
                "not_empty_clean_": "pass 0",
                "not_null_clean_id": "pass 0",
                "unique_clean_id": "pass 0",
                "accepted_values_clean_status__placed__shipped": "pass 0",
                "relationships_clean_customer_id__id__ref_customers_": "pass 0",
                "expression_is_true_clean_amount___0": "pass 0",
                "accepted_range_clean_amount__100__0": "pass 0",
                "recency_clean_created_at__day__1": "pass 0",
                // (1, t) twice.
                "unique_combination_broken_id__created_at": "fail 1",
                // Four rows, at most three allowed: one row reports the count.
                "row_count_broken_3__1": "fail 1",
                "not_empty_broken_": "pass 0",
                "not_null_broken_id": "fail 1",
                // One duplicated value, reported once with its count.
                "unique_broken_id": "fail 1",
                // 'lost' and 'gone'.
                "accepted_values_broken_status__placed__shipped": "fail 2",
                // Customers 9 and 8 do not exist.
                "relationships_broken_customer_id__id__ref_customers_": "fail 2",
                "expression_is_true_broken_amount___0": "fail 1",
                // -5 and 500.
                "accepted_range_broken_amount__100__0": "fail 2",
                // The newest row is three days old: one row reports it.
                "recency_broken_created_at__day__1": "fail 1",
                "not_empty_empty_": "fail 1",
            ])
        #expect(results.summaryLine == "Done. PASS=15 WARN=0 ERROR=10 SKIP=0 TOTAL=25")
    }
}
