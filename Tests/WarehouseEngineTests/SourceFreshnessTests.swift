import Foundation
import Testing
import WarehouseCore
import WarehouseTesting

@testable import WarehouseEngine

@Suite("Source freshness: one test per source table with loaded_at_field and a freshness policy")
struct SourceFreshnessTests {
    typealias F = ExecutionFixture

    @Test("fresh passes, past warn_after warns, past error_after and empty fail; filter and date columns")
    func verdicts() async throws {
        let database = try await TestDatabase.create()
        _ = try await F.query(
            database,
            """
            create schema raw;
            create table raw.fresh (loaded_at timestamptz);
            insert into raw.fresh values (now() - interval '1 hour'), (now() - interval '3 days');
            create table raw.late (loaded_at timestamptz);
            insert into raw.late values (now() - interval '20 hours'), (now() - interval '5 days');
            create table raw.stale (loaded_at timestamptz);
            insert into raw.stale values (now() - interval '3 days');
            create table raw.empty (loaded_at timestamptz);
            create table raw.filtered (loaded_at timestamp, kind text);
            insert into raw.filtered values (now() - interval '1 hour', 'test'), (now() - interval '5 days', 'real');
            create table raw.daily (load_date date);
            insert into raw.daily values (current_date - 2);
            create table raw.hourly (loaded_at timestamptz);
            insert into raw.hourly values (now() - interval '2 hours');
            create table raw.untimed (id int);
            """)
        let results = try await DataTestProject([
            "models/sources.yml": """
            version: 2
            sources:
              - name: raw
                loaded_at_field: loaded_at
                freshness:
                  warn_after: {count: 12, period: hour}
                  error_after: {count: 2, period: day}
                tables:
                  - name: fresh
                  - name: late
                  - name: stale
                  - name: empty
                  - name: filtered
                    freshness:
                      warn_after: {count: 12, period: hour}
                      error_after: {count: 2, period: day}
                      filter: "kind = 'real'"
                  - name: daily
                    loaded_at_field: load_date
                    freshness:
                      warn_after: {count: 1, period: day}
                  - name: hourly
                    freshness:
                      error_after: {count: 90, period: minute}
                  - name: untimed
                    freshness: null
            """
        ]).run(on: database)
        #expect(
            results.testOutcomes == [
                "source_freshness_raw_fresh": "pass 0",
                "source_freshness_raw_late": "warn 1",
                "source_freshness_raw_stale": "fail 2",
                "source_freshness_raw_empty": "fail 2",
                "source_freshness_raw_filtered": "fail 2",
                "source_freshness_raw_daily": "warn 1",
                "source_freshness_raw_hourly": "fail 1",
            ])
        let late = try results.named("source_freshness_raw_late")
        let sample = try #require(late.failingRows)
        #expect(sample.columns == ["threshold", "allowed", "max_loaded_at", "age"])
        #expect(sample.rows.map { Array($0.prefix(2)) } == [["warn_after", "12:00:00"]])
        #expect(late.message.hasPrefix("Got 1 result, configured to warn if >= 1\n"))
        let empty = try #require(try results.named("source_freshness_raw_empty").failingRows)
        #expect(empty.rows == [["warn_after", "12:00:00", nil, nil], ["error_after", "2 days", nil, nil]])
        #expect(
            try results.named("source_freshness_raw_stale").message.hasPrefix(
                "Got 2 results, configured to fail if >= 2"))
    }

    @Test("the freshness test of a source the project seeds waits for the seed")
    func sourceLoadedBySeed() async throws {
        let database = try await TestDatabase.create()
        let project = try DataTestProject([
            "seeds/events.csv": "id,at\n1,2024-01-01 10:00:00\n",
            "models/sources.yml": """
            version: 2
            sources:
              - name: landing
                schema: public
                tables:
                  - name: events
                    loaded_at_field: at
                    freshness: {warn_after: {count: 1, period: day}}
            """,
        ])
        let compiled = try await project.compile(for: database)
        let nodes = try ExecutionPlan.nodes(
            compiled.nodes.keys, of: compiled, projectRoot: project.root, targetSchema: "public"
        ) { _ in nil }
        let test = try #require(nodes.first { $0.name == "source_freshness_landing_events" })
        #expect(test.parents == [NodeID("source.p.landing.events"), NodeID("seed.p.events")])
        let results = try await ExecutionFixture.run(nodes, on: database, threads: 4)
        #expect(results.testOutcomes == ["source_freshness_landing_events": "warn 1"])
    }
}
