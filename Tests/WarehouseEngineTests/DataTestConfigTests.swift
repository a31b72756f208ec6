import Foundation
import Testing
import WarehouseCore
import WarehouseTesting

@testable import WarehouseEngine

@Suite("Data test configs: severity, thresholds, where, limit, store_failures")
struct DataTestConfigTests {
    typealias F = ExecutionFixture

    /// Three rows with `a` null, one row with `a` set; `id` 1 to 4.
    static let model = """
        select * from (values (1, null::int), (2, null), (3, null), (4, 7)) as t(id, a)
        """

    /// A `not_null` test on `m.a` named `name`, with `config`.
    static func notNull(_ name: String, _ config: String) -> String {
        """
                  - not_null:
                      name: \(name)
                      config: \(config)

        """
    }

    @Test("severity and warn_if / error_if decide pass, warn and fail exactly as dbt does")
    func thresholds() async throws {
        let database = try await TestDatabase.create()
        let tests = [
            ("default", "{}"),
            ("severity_warn", "{severity: warn}"),
            ("error_above_10", "{error_if: '>10'}"),
            ("both_above_count", "{warn_if: '>5', error_if: '>10'}"),
            ("error_at_least_3", "{error_if: '>=3'}"),
            ("warn_severity_error_only", "{severity: warn, warn_if: '>5', error_if: '<1000'}"),
            ("equals", "{error_if: '== 3'}"),
            ("below_one", "{warn_if: '<1', error_if: '<1'}"),
        ]
        let properties =
            "version: 2\nmodels:\n  - name: m\n    columns:\n      - name: a\n        tests:\n"
            + tests.map { DataTestConfigTests.notNull($0.0, $0.1) }.joined()
        let results = try await DataTestProject([
            "models/m.sql": DataTestConfigTests.model, "models/schema.yml": properties,
        ]).run(on: database)
        #expect(
            results.testOutcomes == [
                "default": "fail 3",
                "severity_warn": "warn 3",
                // 3 is not above 10, but warn_if (!= 0) holds.
                "error_above_10": "warn 3",
                "both_above_count": "pass 3",
                "error_at_least_3": "fail 3",
                // error_if holds, but a warn-severity test never fails.
                "warn_severity_error_only": "pass 3",
                "equals": "fail 3",
                "below_one": "pass 3",
            ])
        #expect(try results.named("error_above_10").message.hasPrefix("Got 3 results, configured to warn if != 0"))
        #expect(try results.named("default").message.hasPrefix("Got 3 results, configured to fail if != 0"))
        #expect(try results.named("both_above_count").message == "PASS")
        #expect(results.summaryLine == "Done. PASS=4 WARN=2 ERROR=3 SKIP=0 TOTAL=9")
        #expect(!results.succeeded)
    }

    @Test("a threshold that is not an operator and a number errors the test, and nothing of it reaches SQL")
    func badThreshold() async throws {
        let database = try await TestDatabase.create()
        let properties =
            "version: 2\nmodels:\n  - name: m\n    columns:\n      - name: a\n        tests:\n"
            + DataTestConfigTests.notNull("injected", "{warn_if: '!= 0; drop table public.m; select 1'}")
            + DataTestConfigTests.notNull("words", "{error_if: 'more than 3'}")
            + DataTestConfigTests.notNull("no_number", "{error_if: '>'}")
        let results = try await DataTestProject([
            "models/m.sql": "{{ config(materialized='table') }}\n" + DataTestConfigTests.model,
            "models/schema.yml": properties,
        ]).run(on: database)
        #expect(results.testOutcomes == ["injected": "error -", "words": "error -", "no_number": "error -"])
        let injected = try results.named("injected")
        #expect(
            injected.message.hasSuffix(
                "warn_if '!= 0; drop table public.m; select 1' is not a comparison with a number; write an operator (!=, <>, >=, <=, =, >, <) and a number, like '>10' or '!= 0'"
            ))
        #expect(try results.named("words").message.contains("error_if 'more than 3' is not a comparison"))
        #expect(try await F.ints(database, "select count(*)::int from public.m") == [4])
    }

    @Test("where (compiled through get_where_subquery) and limit narrow what is counted")
    func whereAndLimit() async throws {
        let database = try await TestDatabase.create()
        let properties =
            "version: 2\nmodels:\n  - name: m\n    columns:\n      - name: a\n        tests:\n"
            + DataTestConfigTests.notNull("only_id_above_1", "{where: 'id > 1'}")
            + DataTestConfigTests.notNull("limited", "{limit: 2}")
            + DataTestConfigTests.notNull("no_match", "{where: 'id > 3'}")
        let results = try await DataTestProject([
            "models/m.sql": DataTestConfigTests.model, "models/schema.yml": properties,
        ]).run(on: database)
        #expect(results.testOutcomes == ["only_id_above_1": "fail 2", "limited": "fail 2", "no_match": "pass 0"])
        #expect(try results.named("limited").failingRows?.rows.count == 2)
    }

    @Test("store_failures keeps the failing rows in <schema>_audit.<test>, replaced on every run")
    func storeFailures() async throws {
        let database = try await TestDatabase.create()
        _ = try await F.query(
            database,
            """
            create schema raw;
            create table raw.items (id int, a int);
            insert into raw.items values (1, null), (2, null), (3, null), (4, 7);
            """)
        let project = try DataTestProject([
            "models/m.sql": "{{ config(materialized='table') }}\nselect * from raw.items",
            "models/schema.yml": """
            version: 2
            models:
              - name: m
                columns:
                  - name: a
                    tests:
                      - not_null:
                          config: {store_failures: true}
                  - name: id
                    tests: [unique]
            """,
        ])
        let first = try await project.run(on: database)
        #expect(first.testOutcomes == ["not_null_m_a": "fail 3", "unique_m_id": "pass 0"])
        #expect(try await F.ints(database, "select id from public_audit.not_null_m_a order by id") == [1, 2, 3])

        _ = try await F.query(database, "update raw.items set a = 0 where id < 3")
        let second = try await project.run(on: database)
        #expect(second.testOutcomes == ["not_null_m_a": "fail 1", "unique_m_id": "pass 0"])
        #expect(try await F.ints(database, "select id from public_audit.not_null_m_a order by id") == [3])

        _ = try await F.query(database, "update raw.items set a = 0")
        let third = try await project.run(on: database)
        #expect(third.testOutcomes == ["not_null_m_a": "pass 0", "unique_m_id": "pass 0"])
        #expect(try await F.ints(database, "select count(*)::int from public_audit.not_null_m_a") == [0])
        // Only the test that stores failures has an audit table.
        #expect(
            try await F.strings(
                database,
                "select table_name::text from information_schema.tables where table_schema = 'public_audit'")
                == ["not_null_m_a"])
    }

    @Test("without store_failures no audit schema is created, and a test cannot write")
    func readOnly() async throws {
        let database = try await TestDatabase.create()
        _ = try await F.query(database, "create table public.log (x int)")
        let project = try DataTestProject([
            "models/m.sql": DataTestConfigTests.model,
            "models/schema.yml":
                "version: 2\nmodels:\n  - name: m\n    columns:\n      - name: a\n        tests: [not_null]\n",
            "data_tests/writes.sql": "select * from {{ ref('m') }} where id = (select count(*) from public.log)\n"
                + "and exists (select 1 from (select nextval('public.s')) t)",
        ])
        _ = try await F.query(database, "create sequence public.s")
        let results = try await project.run(on: database)
        #expect(results.testOutcomes == ["not_null_m_a": "fail 3", "writes": "error -"])
        #expect(try results.named("writes").message.contains("read-only transaction"))
        #expect(
            try await F.ints(
                database, "select count(*)::int from pg_namespace where nspname like '%audit%'") == [0])
    }
}
