import Foundation
import PostgresClient
import Synchronization
import Testing
import WarehouseCore
import WarehouseTesting

@testable import WarehouseEngine

/// Microbatch models against a real Postgres.
///
/// Batches, the ledger's gap repair, lookback, `--event-time-*` reprocessing, failures and parallel batches. The run's "now" is fixed (`ExecutionOptions.runStartedAt`) so the
/// batches each run builds are known.
///
/// Events are in `public.events (id, ts, d)`; the model keeps `10 / d`, so a row with `d = 0` makes its day's batch
/// fail. The expected table is computed with plain SQL from `public.events`.
@Suite("Microbatch materialization")
struct MicrobatchMaterializationTests {
    typealias F = ExecutionFixture

    /// `public.events` filtered to the batch, as the compiler renders a source with `event_time: ts`.
    static let events =
        "(select * from public.events where ts >= '\(MicrobatchWindow.startPlaceholder)' and ts < '\(MicrobatchWindow.endPlaceholder)') _dbt_et_filter_subq_events"

    static func date(_ text: String) throws -> Date { try #require(MicrobatchTimestamp.parse(text)) }

    /// A microbatch node `m` by day from 2024-01-01.
    static func node(
        uniqueKey: [String] = [], lookback: Int = 1, concurrent: Bool? = nil,
        sql: String = "select id, ts, 10 / d as v from \(events)"
    ) throws -> ExecutionNode {
        var node = F.node("m", .incremental, sql)
        node.incremental = IncrementalConfig(
            strategy: .microbatch, uniqueKey: uniqueKey,
            microbatch: MicrobatchConfig(
                eventTime: "ts", batchSize: .day, begin: try date("2024-01-01"), lookback: lookback,
                concurrentBatches: concurrent))
        return node
    }

    /// Runs `node` as of `now`; returns the results and the batch labels built, in order.
    static func run(
        _ node: ExecutionNode, on database: ConnectionConfiguration, now: String, threads: Int = 1,
        range: (String, String)? = nil, fullRefresh: Bool = false, swapLockTimeout: Duration? = .seconds(30)
    ) async throws -> (results: RunResults, built: [String]) {
        let options = ExecutionOptions(
            threads: threads, swapLockTimeout: swapLockTimeout, fullRefresh: fullRefresh,
            eventTimeRange: try range.map { (try date($0.0), try date($0.1)) }, runStartedAt: try date(now))
        let lines = Mutex<[String]>([])
        let results = try await DAGExecutor(configuration: database, options: options, logger: F.logger).run([node]) {
            event in
            if case .batch(let report) = event.kind, case .started = report.outcome {
                lines.withLock { $0.append(report.label) }
            }
        }
        return (results, lines.withLock { $0.sorted() })
    }

    static func database() async throws -> ConnectionConfiguration {
        let database = try await TestDatabase.create()
        _ = try await F.query(database, "create table public.events (id int, ts timestamptz, d int)")
        return database
    }

    /// Inserts one event per day `days` (day 1 is 2024-01-01) at noon, with ids `1000 * batch + day`.
    static func insert(_ database: ConnectionConfiguration, days: ClosedRange<Int>, batch: Int = 0, d: Int = 1)
        async throws
    {
        _ = try await F.query(
            database,
            """
            insert into public.events
            select \(1000 * batch) + day, timestamptz '2024-01-01 12:00+00' + (day - 1) * interval '1 day', \(d)
            from generate_series(\(days.lowerBound), \(days.upperBound)) day
            """)
    }

    /// Rows in the table and not in a rebuild from every event (or the reverse), counting duplicates.
    static func differenceFromRebuild(_ database: ConnectionConfiguration, where filter: String = "true")
        async throws -> Int?
    {
        let actual = "select id, ts, v from analytics.m"
        let expected = "select id, ts, 10 / d from public.events where ts >= '2024-01-01' and \(filter)"
        return try await F.ints(
            database,
            "select count(*)::int from ((\(actual) except all \(expected)) union all (\(expected) except all \(actual))) d"
        ).first ?? nil
    }

    @Test(
        "a first run builds every batch from begin; later runs the current batch and lookback; an outage's hole is filled"
    )
    func lookbackAndOutage() async throws {
        let database = try await Self.database()
        try await Self.insert(database, days: 1...10)
        let node = try Self.node()
        let first = try await Self.run(node, on: database, now: "2024-01-10T13:00:00")
        #expect(first.results.succeeded, "\(first.results.results.map(\.message))")
        #expect(first.built == (1...10).map { String(format: "2024-01-%02d", $0) })
        #expect(try await Self.differenceFromRebuild(database) == 0)

        // Late rows on the 9th (inside lookback) and the 5th (outside it): only the first is picked up, as in dbt.
        _ = try await F.query(
            database,
            "insert into public.events values (9001, '2024-01-09 23:00+00', 1), (5001, '2024-01-05 01:00+00', 1)")
        let second = try await Self.run(node, on: database, now: "2024-01-10T14:00:00")
        #expect(second.built == ["2024-01-09", "2024-01-10"])
        #expect(try await Self.differenceFromRebuild(database, where: "id <> 5001") == 0)

        // No run from the 10th to the 15th: dbt would build the 14th and 15th only; the ledger knows the 10th was
        // built before it ended and the 11th to 13th never were.
        try await Self.insert(database, days: 10...15, batch: 1)
        let third = try await Self.run(node, on: database, now: "2024-01-15T08:00:00")
        #expect(third.built == (10...15).map { String(format: "2024-01-%02d", $0) })
        #expect(try await Self.differenceFromRebuild(database, where: "id <> 5001") == 0)

        // A larger lookback builds more of the recent batches again.
        let wider = try await Self.run(try Self.node(lookback: 3), on: database, now: "2024-01-15T09:00:00")
        #expect(wider.built == (12...15).map { String(format: "2024-01-%02d", $0) })
    }

    @Test("a failed batch leaves a hole, recorded as failed; the next run fills exactly it, counting nothing twice")
    func failedBatchIsRepaired() async throws {
        for uniqueKey in [[], ["id"]] {
            let database = try await Self.database()
            try await Self.insert(database, days: 1...6)
            try await Self.insert(database, days: 3...3, batch: 1, d: 0)
            let node = try Self.node(uniqueKey: uniqueKey)
            let failed = try await Self.run(node, on: database, now: "2024-01-06T10:00:00", threads: 3)
            let result = try #require(failed.results.results.first)
            #expect(result.status == .partialSuccess, "\(uniqueKey)")
            #expect(result.message == "PARTIAL SUCCESS (5/6)")
            #expect(
                result.batches?.failed == [
                    MicrobatchBatch(start: try Self.date("2024-01-03"), end: try Self.date("2024-01-04"))
                ])
            #expect(result.error?.postgresError?.sqlstate == "22012")
            #expect(try await Self.differenceFromRebuild(database, where: "ts::date <> '2024-01-03'") == 0)
            #expect(
                try await F.strings(
                    database, "select status from wh_meta.microbatch_batches where batch_start = '2024-01-03' ")
                    == ["error"])

            _ = try await F.query(database, "update public.events set d = 2 where d = 0")
            let repaired = try await Self.run(node, on: database, now: "2024-01-06T11:00:00", threads: 3)
            #expect(repaired.results.succeeded)
            #expect(repaired.built == ["2024-01-03", "2024-01-05", "2024-01-06"])
            #expect(try await Self.differenceFromRebuild(database) == 0, "\(uniqueKey)")
            #expect(try await F.ints(database, "select count(*)::int from analytics.m") == [7])
        }
    }

    @Test("--fail-fast starts no batch after one failed")
    func failFast() async throws {
        let database = try await Self.database()
        try await Self.insert(database, days: 1...5)
        try await Self.insert(database, days: 2...2, batch: 1, d: 0)
        let options = ExecutionOptions(threads: 1, failFast: true, runStartedAt: try Self.date("2024-01-05T12:00:00"))
        let results = try await DAGExecutor(configuration: database, options: options, logger: F.logger)
            .run([try Self.node()])
        let result = try #require(results.results.first)
        #expect(result.batches?.successful.count == 1)
        #expect(result.batches?.failed.count == 1)
        #expect(try await F.ints(database, "select count(*)::int from analytics.m") == [1])
    }

    @Test("--event-time-start/--event-time-end rebuild exactly the batches of the range")
    func eventTimeRange() async throws {
        let database = try await Self.database()
        try await Self.insert(database, days: 1...5)
        let node = try Self.node()
        _ = try await Self.run(node, on: database, now: "2024-01-05T12:00:00")
        _ = try await F.query(database, "update public.events set d = 5 where ts < '2024-01-04'")
        let range = try await Self.run(
            node, on: database, now: "2024-01-05T13:00:00", range: ("2024-01-02", "2024-01-03T06:00:00"))
        #expect(range.results.succeeded)
        #expect(range.built == ["2024-01-02", "2024-01-03"])
        #expect(try await F.ints(database, "select v from analytics.m order by ts") == [10, 2, 2, 10, 10])
    }

    @Test("batches run in parallel on several connections, or on one with concurrent_batches: false")
    func parallelBatches() async throws {
        let database = try await Self.database()
        try await Self.insert(database, days: 1...8)
        let slow = "select id, ts, 10 / d as v, pg_backend_pid() as pid from \(Self.events) cross join pg_sleep(0.2)"
        _ = try await Self.run(try Self.node(sql: slow), on: database, now: "2024-01-08T12:00:00", threads: 4)
        let connections = try await F.ints(database, "select count(distinct pid)::int from analytics.m")
        #expect((connections.first ?? nil).map { $0 > 1 } == true, "\(connections)")
        #expect(try await F.ints(database, "select count(*)::int from analytics.m") == [8])

        let sequential = try Self.node(concurrent: false, sql: slow)
        _ = try await Self.run(sequential, on: database, now: "2024-01-08T12:00:00", threads: 4, fullRefresh: true)
        #expect(try await F.ints(database, "select count(distinct pid)::int from analytics.m") == [1])
        #expect(try await F.ints(database, "select count(*)::int from analytics.m") == [8])
    }

    @Test("batch sizes align in UTC; timestamps parse strictly")
    func calendar() throws {
        let at = try Self.date("2024-09-17T16:06:00")
        #expect(MicrobatchBatchSize.hour.truncate(at) == (try Self.date("2024-09-17T16:00:00")))
        #expect(MicrobatchBatchSize.month.offset(at, by: -1) == (try Self.date("2024-08-01")))
        #expect(MicrobatchBatchSize.year.offset(at, by: 1) == (try Self.date("2025-01-01")))
        #expect(MicrobatchBatchSize.day.ceiling(at) == (try Self.date("2024-09-18")))
        #expect(MicrobatchBatchSize.month.label(at) == "2024-09")
        #expect(MicrobatchBatchSize.hour.label(at) == "2024-09-17T16")
        #expect(MicrobatchTimestamp.sql(at) == "2024-09-17 16:06:00+00:00")
        for bad in ["2024-02-30", "2024-1-01", "yesterday", "2024-01-01T25:00:00", "2024-01-01 12:00"] {
            #expect(MicrobatchTimestamp.parse(bad) == nil, "\(bad)")
        }
        #expect(MicrobatchTimestamp.parse("2024-01-01 12:00:00") == (try Self.date("2024-01-01T12:00:00")))
        let months = MicrobatchBatchSize.month.batches(
            from: try Self.date("2024-11-15"), to: try Self.date("2025-01-02"))
        #expect(months.map { MicrobatchBatchSize.month.label($0.start) } == ["2024-11", "2024-12", "2025-01"])
    }
}
