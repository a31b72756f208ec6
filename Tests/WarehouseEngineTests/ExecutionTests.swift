import Foundation
import PostgresClient
import Synchronization
import Testing
import WarehouseCore
import WarehouseTesting

@testable import WarehouseEngine

@Suite("DAGExecutor against a real Postgres")
struct ExecutionTests {
    typealias F = ExecutionFixture

    /// Collects progress lines from the executor's callback.
    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        func append(_ event: ProgressEvent) { lines.withLock { $0.append(event.line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    @Test("a failed node's descendants are skipped and not built, an independent branch is built")
    func skipOnFailure() async throws {
        let database = try await TestDatabase.create()
        let lines = Lines()
        let results = try await F.run(
            [
                F.node("a", .table, "select 1 as id"),
                F.node("b", .table, "select id, 1 / 0 as boom from analytics.a", parents: ["a"]),
                F.node("c", .view, "select * from analytics.b", parents: ["b"]),
                F.node("d", .table, "select * from analytics.c", parents: ["c", "a"]),
                F.node("e", .table, "select 2 as id"),
                F.node(
                    "f", .view, "select * from analytics.a union all select * from analytics.e", parents: ["a", "e"]),
            ],
            on: database,
            threads: 3,
            progress: lines.append
        )
        let statuses = Dictionary(uniqueKeysWithValues: results.results.map { ($0.node.name, $0.status) })
        #expect(statuses == ["a": .success, "b": .error, "c": .skipped, "d": .skipped, "e": .success, "f": .success])
        #expect(results.result(for: NodeID("model.shop.c"))?.message == "skipped because model.shop.b failed")
        #expect(try await F.relkind(database, "c") == nil)
        #expect(try await F.relkind(database, "d") == nil)
        #expect(try await F.ints(database, "select id from analytics.f order by id") == [1, 2])
        #expect(results.summaryLine == "Done. PASS=3 WARN=0 ERROR=1 SKIP=2 TOTAL=6")
        #expect(lines.all.count == 10)
        #expect(lines.all.contains { $0.hasPrefix("of 6 ERROR creating sql table model analytics.b ", after: 2) })
        #expect(lines.all.filter { $0.contains(" SKIP relation analytics.") }.count == 2)
    }

    @Test("fail-fast starts nothing after the first failure; without it, independent nodes still run")
    func failFast() async throws {
        let database = try await TestDatabase.create()
        let nodes = [
            F.node("a", .table, "select 1 / 0 as boom"),
            F.node("b", .table, "select 1 as id"),
            F.node("c", .table, "select 1 as id"),
        ]
        let stopped = try await F.run(nodes, on: database, failFast: true)
        #expect(stopped.results.map(\.status) == [.error, .skipped, .skipped])
        #expect(stopped.results.last?.message == "skipped: fail-fast stopped the run after model.shop.a failed")
        #expect(try await F.relkind(database, "b") == nil)

        let continued = try await F.run(nodes, on: database)
        #expect(continued.results.map(\.status) == [.error, .success, .success])
    }

    @Test("independent nodes run at the same time on separate threads")
    func parallelism() async throws {
        let database = try await TestDatabase.create()
        let nodes = (1...4).map { F.node("sleep\($0)", .table, "select 1 as x from pg_sleep(0.3)") }
        let results = try await F.run(nodes, on: database, threads: 4)
        #expect(results.succeeded)
        let starts = results.results.compactMap(\.startedAt)
        let ends = results.results.compactMap(\.completedAt)
        let lastStart = try #require(starts.max())
        let firstEnd = try #require(ends.min())
        #expect(starts.count == 4 && ends.count == 4)
        #expect(lastStart < firstEnd, "all four should have started before any finished")
        #expect(Set(results.results.compactMap(\.threadName)) == ["Thread-1", "Thread-2", "Thread-3", "Thread-4"])
    }

    @Test("with one thread, ready nodes start in id order and progress lines read like dbt's")
    func deterministicOrderAndLines() async throws {
        let database = try await TestDatabase.create()
        let lines = Lines()
        let results = try await F.run(
            [
                F.node("c", .view, "select 1 as id"),
                F.node("b", .table, "select * from analytics.c", parents: ["c"]),
                F.node("a", .table, "select g from generate_series(1, 4211) g"),
            ],
            on: database,
            progress: lines.append
        )
        #expect(results.results.map(\.node.name) == ["a", "c", "b"])
        let all = lines.all
        #expect(all.count == 6)
        let start = "1 of 3 START sql table model analytics.a "
        #expect(all.first == start + String(repeating: ".", count: 80 - start.count) + " [RUN]")
        let ok = try #require(all.dropFirst().first)
        #expect(ok.hasPrefix("1 of 3 OK created sql table model analytics.a ....."))
        #expect(ok.range(of: #" \[SELECT 4211 in \d+\.\d\ds\]$"#, options: .regularExpression) != nil)
        #expect(all[2].hasPrefix("2 of 3 START sql view model analytics.c ..."))
        #expect(
            all[3].range(
                of: #"^2 of 3 OK created sql view model analytics\.c \.+ \[CREATE VIEW in \d+\.\d\ds\]$"#,
                options: .regularExpression) != nil)
        #expect(all[5].hasPrefix("3 of 3 OK created sql table model analytics.b "))
    }

    @Test("ephemeral nodes execute nothing, are not counted, and release their children")
    func ephemeral() async throws {
        let database = try await TestDatabase.create()
        let results = try await F.run(
            [
                F.node("eph", .ephemeral, "select 1 as id"),
                F.node("after", .table, "with eph as (select 1 as id) select * from eph", parents: ["eph"]),
            ],
            on: database
        )
        #expect(results.results.map(\.node.name) == ["after"])
        #expect(results.summaryLine == "Done. PASS=1 WARN=0 ERROR=0 SKIP=0 TOTAL=1")
        #expect(try await F.relkind(database, "eph") == nil)
    }

    @Test("a node that cannot connect fails with a connection error, and its children are skipped")
    func connectionFailure() async throws {
        let database = try await TestDatabase.create()
        let results = try await F.run(
            [F.node("a", .table, "select 1 as id"), F.node("b", .table, "select 1 as id", parents: ["a"])],
            on: database.with(database: "no_such_database_here")
        )
        #expect(results.results.map(\.status) == [.error, .skipped])
        #expect(results.results.first?.error?.phase == .connect)
    }

    @Test("a cycle is refused before anything runs")
    func cycle() async throws {
        let database = try await TestDatabase.create()
        await #expect(throws: ExecutionPlanError.self) {
            try await F.run(
                [F.node("a", .table, "select 1", parents: ["b"]), F.node("b", .table, "select 1", parents: ["a"])],
                on: database)
        }
    }

    @Test("cancelling the run cancels the running statement, rolling its node back, and skips the nodes not started")
    func cancellation() async throws {
        let database = try await TestDatabase.create()
        // Node a waits for an advisory lock the test holds until it has cancelled, so the cancellation always
        // lands while a runs, however loaded the machine is.
        let lock = try await HeldAdvisoryLock(4242, on: database)
        let started = Atomic<Int>(0)
        let task = Task {
            try await F.run(
                [
                    F.node("a", .table, "select 1 as x from (select pg_advisory_lock(4242)) waited"),
                    F.node("b", .table, "select 1 as x"),
                ],
                on: database,
                progress: { event in
                    if case .started = event.kind { started.add(1, ordering: .relaxed) }
                }
            )
        }
        while started.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(10)) }
        task.cancel()
        // The lock is held until the run is over, so node a can only end by being cancelled.
        let results = try await task.value
        try await lock.release()
        #expect(results.results.map(\.status) == [.skipped, .error])
        #expect(results.result(for: NodeID("model.shop.a"))?.error?.postgresError?.sqlstate == "57014")
        #expect(results.result(for: NodeID("model.shop.b"))?.message == "skipped: the run was cancelled")
        #expect(try await F.relkind(database, "a") == nil)
    }
}

extension String {
    /// Whether the text from offset `after` on starts with `prefix` (skips the `N ` of a progress line).
    fileprivate func hasPrefix(_ prefix: String, after offset: Int) -> Bool {
        dropFirst(offset).hasPrefix(prefix)
    }
}
