import Foundation
import PostgresClient
import Testing
import WarehouseTesting

/// `wh run`, `wh retry` and `--event-time-*` on a microbatch model end to end, batches by day up to today (UTC).
///
/// `public.raw_events` holds one event per day of the last six days; the model keeps `10 / d`, so an event with
/// `d = 0` makes its day's batch fail. The source declares `event_time: ts`, so the model's `source()` is filtered to
/// each batch, while `.render()` reads it whole.
@Suite("microbatch runs")
struct MicrobatchRunTests {
    static let properties = """
        sources:
          - name: raw
            schema: public
            tables:
              - name: raw_events
                config:
                  event_time: ts
        """

    static func model(begin: String, extra: String = "") -> String {
        """
        {{ config(materialized='incremental', incremental_strategy='microbatch', event_time='ts', batch_size='day',
                  begin='\(begin)'\(extra)) }}
        select id, ts, 10 / d as v from {{ source('raw', 'raw_events') }}
        where id not in (select id from {{ source('raw', 'raw_events').render() }} where d < 0)
        """
    }

    /// `yyyy-MM-dd` of the day `offset` days from today, in UTC.
    static func day(_ offset: Int) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date().addingTimeInterval(Double(offset) * 86_400))
    }

    @Test("a failed batch gives PARTIAL SUCCESS; wh retry builds the hole and the recent batches; nothing doubles")
    func failedBatchRetried() async throws {
        let database = try await TestDatabase.create()
        let root = try CommandRunner.project([
            "models/daily.sql": Self.model(begin: Self.day(-5)), "models/sources.yml": Self.properties,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["WH_DATABASE_URL": database.url]
        _ = try await TestDatabase.rows(
            """
            create table public.raw_events as
            select n as id, ((current_timestamp at time zone 'utc')::date - n + interval '1 minute') at time zone 'utc' as ts,
                   case when n = 3 then 0 else 1 end as d
            from generate_series(0, 5) n
            """, in: database)

        let first = await CommandRunner.run(
            ["run", "--project-dir", root.path, "--threads", "3"], environment: environment)
        #expect(first.exitCode == 1)
        #expect(first.standardOutput.contains("START sql microbatch model public.daily"))
        #expect(first.standardOutput.contains("PARTIALLY created sql microbatch model public.daily"))
        #expect(first.standardOutput.contains("[PARTIAL SUCCESS (5/6) in "))
        #expect(first.standardOutput.contains("ERROR creating batch \(Self.day(-3)) of public.daily"))
        #expect(first.standardOutput.contains("Done. PASS=0 WARN=0 ERROR=1 SKIP=0 TOTAL=1"))
        #expect(first.standardError.contains("division by zero"))
        let compiled = try String(
            contentsOf: root.appendingPathComponent("target/compiled/shop/models/daily.sql"), encoding: .utf8)
        #expect(compiled.contains("_dbt_et_filter_subq_raw_events"))
        #expect(compiled.contains("\"public\".\"raw_events\" where d < 0"))
        let results =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: root.appendingPathComponent("target/run_results.json"))) as? [String: Any]
        let entry = try #require((results?["results"] as? [[String: Any]])?.first)
        #expect(entry["status"] as? String == "partial success")
        let batches = try #require(entry["batch_results"] as? [String: [[String]]])
        #expect(batches["successful"]?.count == 5)
        #expect(batches["failed"]?.first?.first?.hasPrefix(Self.day(-3)) == true)
        #expect((results?["args"] as? [String: Any])?["which"] as? String == "run")

        _ = try await TestDatabase.rows("update public.raw_events set d = 2 where d = 0", in: database)
        let retry = await CommandRunner.run(["retry", "--project-dir", root.path], environment: environment)
        #expect(retry.exitCode == 0, "\(retry.standardError)")
        for (index, offset) in [-3, -1, 0].enumerated() {
            #expect(
                retry.standardOutput.contains("Batch \(index + 1) of 3 START batch \(Self.day(offset)) of public.daily")
            )
        }
        #expect(retry.standardOutput.contains("OK created sql microbatch model public.daily"))
        let difference = try await TestDatabase.rows(
            """
            select count(*)::int from (
              (select id, ts, v from public.daily except all select id, ts, 10 / d from public.raw_events)
              union all (select id, ts, 10 / d from public.raw_events except all select id, ts, v from public.daily)) d
            """, in: database)
        #expect(difference.first?.first == "0")

        let nothing = await CommandRunner.run(["retry", "--project-dir", root.path], environment: environment)
        #expect(nothing.exitCode == 0)
        #expect(nothing.standardOutput.contains("Nothing to retry"))
    }

    @Test("bad microbatch input: missing event_time or begin, a bad batch_size, bad --event-time-* values")
    func badInput() async throws {
        let database = try await TestDatabase.create()
        let environment = ["WH_DATABASE_URL": database.url]
        let cases: [(String, String)] = [
            (
                "{{ config(materialized='incremental', incremental_strategy='microbatch', batch_size='day', begin='2024-01-01') }} select 1 as id",
                "a microbatch model needs 'event_time'"
            ),
            (
                "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='ts', batch_size='day') }} select 1 as id",
                "a microbatch model needs 'begin'"
            ),
            (
                "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='ts', batch_size='week', begin='2024-01-01') }} select 1 as id",
                "batch_size 'week' is not supported"
            ),
            (
                "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='ts', batch_size='day', begin='Jan 1') }} select 1 as id",
                "begin 'Jan 1' is not a date or timestamp"
            ),
        ]
        for (model, message) in cases {
            let root = try CommandRunner.project(["models/m.sql": model])
            defer { try? FileManager.default.removeItem(at: root) }
            let run = await CommandRunner.run(["run", "--project-dir", root.path], environment: environment)
            #expect(run.exitCode == 1, "\(message)")
            #expect(run.standardError.contains("models/m.sql"), "\(run.standardError)")
            #expect(run.standardError.contains(message), "\(run.standardError)")
        }
        let root = try CommandRunner.project([:])
        defer { try? FileManager.default.removeItem(at: root) }
        let flags: [([String], String)] = [
            (["--event-time-start", "2024-13-01", "--event-time-end", "2024-12-02"], "'2024-13-01' is not a date"),
            (["--event-time-start", "2024-01-01"], "--event-time-start needs --event-time-end"),
            (["--event-time-start", "2024-01-02", "--event-time-end", "2024-01-01"], "must be before"),
        ]
        for (arguments, message) in flags {
            let run = await CommandRunner.run(
                ["run", "--project-dir", root.path] + arguments, environment: environment)
            #expect(run.exitCode != 0)
            #expect(run.standardError.contains(message), "\(run.standardError)")
        }
    }
}
