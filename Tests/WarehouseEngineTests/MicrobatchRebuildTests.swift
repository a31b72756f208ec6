import Foundation
import PostgresClient
import Synchronization
import Testing
import WarehouseCore
import WarehouseTesting

@testable import WarehouseEngine

/// A microbatch table built whole (first run, full refresh) against a real Postgres: its batches go to a scratch
/// table that is swapped in with the ledger at the end, so readers see the old table or the new one.
///
/// Expected contents are computed with plain SQL from `public.events`, as in ``MicrobatchMaterializationTests``.
@Suite("Microbatch rebuilds")
struct MicrobatchRebuildTests {
    typealias F = ExecutionFixture
    typealias M = MicrobatchMaterializationTests

    /// What the model's rows are when built from every event (`10 / d` per event).
    static let rebuilt = "select id, ts, 10 / d as v from public.events where ts >= '2024-01-01'"

    /// Row count and checksum of a query's rows, as a reader sees them.
    static func fingerprint(_ sql: String, on connection: Connection) throws -> String {
        let row = try connection.query(
            "select count(*) || ' rows, md5 ' || md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from (\(sql)) t"
        ).first
        return row?.string(0) ?? ""
    }

    static func fingerprint(_ sql: String, in database: ConnectionConfiguration) async throws -> String {
        try await BlockingWork.run { try fingerprint(sql, on: try Connection.connect(database, logger: F.logger)) }
    }

    /// Every ledger row, whichever table it describes.
    static func ledger(_ database: ConnectionConfiguration) async throws -> [String?] {
        try await F.strings(
            database,
            """
            select concat_ws(' ', relation, batch_start::date, status, rows, run_started_at)
            from wh_meta.microbatch_batches order by relation, batch_start
            """)
    }

    /// Scratch relations (`__wh_...`) left in the database.
    static func leftovers(_ database: ConnectionConfiguration) async throws -> [String?] {
        try await F.strings(
            database, "select relname::text from pg_class where relname like '%\\_\\_wh\\_%' and relkind in ('r', 'v')")
    }

    /// Tells the reader to stop; counts its reads.
    final class Reading: Sendable {
        let stopped = Atomic<Bool>(false)
        let reads = Atomic<Int>(0)
    }

    @Test("readers querying the table and a view on it during a full refresh see the old rows or the new, never fewer")
    func readersSeeOldOrNew() async throws {
        let database = try await M.database()
        try await M.insert(database, days: 1...8)
        // Slow batches, so the readers get many reads in while the table is rebuilt.
        let node = try M.node(sql: "select id, ts, 10 / d as v from \(M.events) cross join pg_sleep(0.15)")
        let first = try await M.run(node, on: database, now: "2024-01-08T12:00:00", threads: 2)
        #expect(first.results.succeeded, "\(first.results.results.map(\.message))")
        _ = try await F.query(database, "create view analytics.m_view as select * from analytics.m")
        let old = try await Self.fingerprint(Self.rebuilt, in: database)
        #expect(try await Self.fingerprint("select * from analytics.m", in: database) == old)
        _ = try await F.query(database, "update public.events set d = 2 where id % 2 = 0")
        let new = try await Self.fingerprint(Self.rebuilt, in: database)
        #expect(new != old)

        let reading = Reading()
        let reader = Task {
            try await BlockingWork.run {
                let connection = try Connection.connect(database, logger: F.logger)
                var seen: [String: Int] = [:]
                var errors: [String] = []
                while !reading.stopped.load(ordering: .acquiring) {
                    for relation in ["analytics.m", "analytics.m_view"] {
                        do {
                            seen[try Self.fingerprint("select * from \(relation)", on: connection), default: 0] += 1
                        } catch {
                            errors.append("\(relation): \(error)")
                        }
                    }
                    reading.reads.add(1, ordering: .releasing)
                }
                return (seen, errors)
            }
        }
        while reading.reads.load(ordering: .acquiring) == 0 { try await Task.sleep(for: .milliseconds(5)) }
        let refresh = try await M.run(node, on: database, now: "2024-01-08T13:00:00", threads: 2, fullRefresh: true)
        reading.stopped.store(true, ordering: .releasing)
        let (seen, errors) = try await reader.value

        #expect(refresh.results.succeeded, "\(refresh.results.results.map(\.message))")
        #expect(refresh.built.count == 8)
        #expect(errors == [])
        #expect(Set(seen.keys).subtracting([old, new]) == [], "reads matched neither build: \(seen)")
        #expect((seen[old] ?? 0) > 4, "the readers should have read the old table while the batches ran: \(seen)")
        #expect(try await Self.fingerprint("select * from analytics.m", in: database) == new)
        #expect(try await Self.fingerprint("select * from analytics.m_view", in: database) == new)
        #expect(refresh.results.results.first?.keptDependents == ["analytics.m_view"])
        let ledger = try await Self.ledger(database)
        #expect(ledger.count == 8)
        #expect(
            ledger.allSatisfy {
                $0?.hasPrefix("analytics.m 2024-01-") == true && $0?.contains(" success ") == true
            })
        #expect(try await Self.leftovers(database) == [])
    }

    @Test("a swap that fails (lock not granted, post_hook error) leaves the table and the ledger as they were")
    func failedSwapKeepsTableAndLedger() async throws {
        let database = try await M.database()
        try await M.insert(database, days: 1...4)
        let node = try M.node()
        _ = try await M.run(node, on: database, now: "2024-01-04T12:00:00")
        let table = try await Self.fingerprint("select * from analytics.m", in: database)
        #expect(table == (try await Self.fingerprint(Self.rebuilt, in: database)))
        let ledger = try await Self.ledger(database)
        #expect(ledger.count == 4)
        _ = try await F.query(database, "update public.events set d = 2")

        // A reader holding the table past the swap's lock timeout.
        let holder = try Connection.connect(database, logger: F.logger)
        _ = try holder.execute("begin; lock table analytics.m in access share mode")
        let locked = try await M.run(
            node, on: database, now: "2024-01-04T13:00:00", fullRefresh: true, swapLockTimeout: .seconds(1))
        _ = try holder.execute("rollback")
        let lockResult = try #require(locked.results.results.first)
        #expect(lockResult.status == .error)
        #expect(lockResult.error?.phase == .swap)
        #expect(lockResult.error?.postgresError?.sqlstate == "55P03", "\(lockResult.message)")

        var failingHook = node
        failingHook.postHooks = ["insert into public.missing values (1)"]
        let hooked = try await M.run(failingHook, on: database, now: "2024-01-04T13:00:00", fullRefresh: true)
        let hookResult = try #require(hooked.results.results.first)
        #expect(hookResult.status == .error)
        #expect(hookResult.error?.phase == .postHook(0), "\(hookResult.message)")

        #expect(try await Self.fingerprint("select * from analytics.m", in: database) == table)
        #expect(try await Self.ledger(database) == ledger)
        #expect(try await Self.leftovers(database) == [])
    }

    @Test("failed batches of a full refresh: the rest is swapped in, the holes recorded and filled by the next run")
    func failedBatchesLeaveRecordedHoles() async throws {
        let database = try await M.database()
        try await M.insert(database, days: 1...6)
        let node = try M.node()
        _ = try await M.run(node, on: database, now: "2024-01-06T10:00:00")
        _ = try await F.query(database, "update public.events set d = 2")
        try await M.insert(database, days: 3...3, batch: 1, d: 0)

        let refresh = try await M.run(node, on: database, now: "2024-01-06T11:00:00", threads: 3, fullRefresh: true)
        let result = try #require(refresh.results.results.first)
        #expect(result.status == .partialSuccess)
        #expect(result.message == "PARTIAL SUCCESS (5/6)")
        // The new build without the failed day: its old rows went with the old table.
        #expect(try await M.differenceFromRebuild(database, where: "ts::date <> '2024-01-03'") == 0)
        #expect(
            try await F.strings(
                database,
                "select batch_start::date || ' ' || status from wh_meta.microbatch_batches where relation = 'analytics.m' and status <> 'success'"
            ) == ["2024-01-03 error"])
        #expect(try await Self.ledger(database).count == 6)
        #expect(try await Self.leftovers(database) == [])

        _ = try await F.query(database, "update public.events set d = 5 where d = 0")
        let repaired = try await M.run(node, on: database, now: "2024-01-06T12:00:00", threads: 3)
        #expect(repaired.results.succeeded)
        #expect(repaired.built == ["2024-01-03", "2024-01-05", "2024-01-06"])
        #expect(try await M.differenceFromRebuild(database) == 0)
    }

    @Test("when every batch of a rebuild fails, the old table and its ledger stay; a first build makes no table")
    func everyBatchFailingKeepsTheOldTable() async throws {
        let database = try await M.database()
        try await M.insert(database, days: 1...3)
        let node = try M.node()
        _ = try await M.run(node, on: database, now: "2024-01-03T12:00:00")
        let table = try await Self.fingerprint("select * from analytics.m", in: database)
        let ledger = try await Self.ledger(database)
        _ = try await F.query(database, "update public.events set d = 0")

        let refresh = try await M.run(node, on: database, now: "2024-01-03T13:00:00", threads: 2, fullRefresh: true)
        let result = try #require(refresh.results.results.first)
        #expect(result.status == .error)
        #expect(result.batches?.failed.count == 3)
        #expect(result.error?.postgresError?.sqlstate == "22012")
        #expect(try await Self.fingerprint("select * from analytics.m", in: database) == table)
        #expect(try await Self.ledger(database) == ledger)
        #expect(try await Self.leftovers(database) == [])

        let empty = try await M.database()
        try await M.insert(empty, days: 1...2, d: 0)
        let firstBuild = try await M.run(node, on: empty, now: "2024-01-02T12:00:00")
        #expect(firstBuild.results.results.first?.status == .error)
        #expect(try await F.relkind(empty, "m") == nil)
        #expect(try await Self.ledger(empty) == [])
        #expect(try await Self.leftovers(empty) == [])
    }

    @Test("a full refresh cancelled while its batches run keeps the old table and its ledger")
    func cancelledRebuildKeepsTheOldTable() async throws {
        let database = try await M.database()
        try await M.insert(database, days: 1...6)
        // Batches from 2024-01-03 on wait for an advisory lock the test holds until it has cancelled, so the
        // cancellation always lands while a batch runs, however loaded the machine is.
        let node = try M.node(
            sql: """
                select id, ts, 10 / d as v from \(M.events)
                left join lateral (
                    select pg_advisory_xact_lock_shared(4243) where _dbt_et_filter_subq_events.ts >= '2024-01-03'
                ) waited on true
                """)
        _ = try await M.run(node, on: database, now: "2024-01-06T12:00:00")
        let table = try await Self.fingerprint("select * from analytics.m", in: database)
        let ledger = try await Self.ledger(database)
        _ = try await F.query(database, "update public.events set d = 2")

        let lock = try await HeldAdvisoryLock(4243, on: database)
        let built = Atomic<Int>(0)
        let options = ExecutionOptions(
            threads: 1, fullRefresh: true, runStartedAt: try M.date("2024-01-06T13:00:00"))
        let run = Task {
            try await DAGExecutor(configuration: database, options: options, logger: F.logger).run([node]) { event in
                if case .batch(let report) = event.kind, case .succeeded = report.outcome {
                    built.add(1, ordering: .relaxed)
                }
            }
        }
        // The two unlocked batches end on their own; the third waits for the lock until the run is cancelled.
        for _ in 0..<2000 where built.load(ordering: .relaxed) < 2 { try await Task.sleep(for: .milliseconds(10)) }
        run.cancel()
        let result = try #require(try await run.value.results.first)
        try await lock.release()
        #expect(result.status == .error, "\(result.message)")
        #expect(try await Self.fingerprint("select * from analytics.m", in: database) == table)
        #expect(try await Self.ledger(database) == ledger)
        #expect(try await Self.leftovers(database) == [])
    }
}
