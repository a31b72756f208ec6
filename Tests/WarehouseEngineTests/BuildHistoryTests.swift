import Foundation
import PostgresClient
import Synchronization
import Testing
import WarehouseCore
import WarehouseTesting

@testable import WarehouseEngine

@Suite("Build history (wh_meta.builds and NOTIFY wh_build)")
struct BuildHistoryTests {
    private static func record(_ results: RunResults, command: String, on database: ConnectionConfiguration)
        async throws -> BuildHistory.Record?
    {
        try await BlockingWork.run {
            try BuildHistory.record(
                results, command: command, on: Connection.connect(database, logger: ExecutionFixture.logger))
        }
    }

    private static func latest(on database: ConnectionConfiguration) async throws -> BuildHistory.Record? {
        try await BlockingWork.run {
            try BuildHistory.latest(on: Connection.connect(database, logger: ExecutionFixture.logger))
        }
    }

    @Test("a run that built relations is recorded with its counts, and a listener hears its id at once")
    func recordsAndNotifies() async throws {
        let database = try await TestDatabase.create()
        #expect(try await Self.latest(on: database) == nil)
        let heard = Mutex<[String]>([])
        let listener = NotificationListener(
            configuration: database, channels: [BuildHistory.channel], logger: ExecutionFixture.logger,
            listening: { _ in heard.withLock { $0.append("listening") } },
            received: { notification, _ in heard.withLock { $0.append(notification.payload) } })
        defer { listener.stop() }
        for _ in 0..<1000 where heard.withLock({ $0 }).isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        let results = try await ExecutionFixture.run(
            [
                ExecutionFixture.node("orders", .table, "select 1 as id"),
                ExecutionFixture.node("orders_view", .view, "select * from analytics.orders", parents: ["orders"]),
                ExecutionFixture.node("helper", .ephemeral, "select 1"),
                ExecutionFixture.node("broken", .table, "select * from nowhere"),
            ], on: database)
        let before = Date()
        let record = try #require(try await Self.record(results, command: "build", on: database))
        #expect(record.command == "build")
        #expect(record.built == 2)
        #expect(record.upToDate == 0)
        #expect(record.failed == 1)
        #expect(abs(record.finishedAt.timeIntervalSince(before)) < 60)
        #expect(try await Self.latest(on: database) == record)
        for _ in 0..<1000 where heard.withLock({ $0 }).count < 2 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(heard.withLock { $0 } == ["listening", String(record.id)])
        let rows = try await TestDatabase.rows(
            "select command, built, up_to_date, failed from wh_meta.builds", in: database)
        #expect(rows == [["build", "2", "0", "1"]])
    }

    @Test("a run that wrote no relation (up to date, only tests, only failures) records nothing")
    func recordsNothingWithoutChanges() async throws {
        let database = try await TestDatabase.create()
        let built = try await ExecutionFixture.run(
            [
                ExecutionFixture.node("orders", .table, "select 1 as id"),
                ExecutionFixture.node("broken", .view, "select * from nowhere"),
            ], on: database)
        var upToDate = built
        upToDate.results = built.results.map { result in
            var result = result
            result.upToDate = result.status == .success
            return result
        }
        #expect(try await Self.record(upToDate, command: "run", on: database) == nil)
        var failuresOnly = built
        failuresOnly.results = built.results.filter { $0.status != .success }
        #expect(try await Self.record(failuresOnly, command: "run", on: database) == nil)
        #expect(try await Self.latest(on: database) == nil)
        let first = try #require(try await Self.record(built, command: "run", on: database))
        let second = try #require(try await Self.record(built, command: "seed", on: database))
        #expect(second.id > first.id && second.finishedAt >= first.finishedAt)
        #expect(try await Self.latest(on: database)?.id == second.id)
    }

    @Test("the table is created when a record finds it missing: the first build, and after wh_meta was dropped")
    func createsTheTableWhenMissing() async throws {
        let database = try await TestDatabase.create()
        let built = try await ExecutionFixture.run(
            [ExecutionFixture.node("orders", .table, "select 1 as id")], on: database)
        let first = try #require(try await Self.record(built, command: "run", on: database))
        _ = try await TestDatabase.rows("drop table wh_meta.builds", in: database)
        let second = try #require(try await Self.record(built, command: "build", on: database))
        _ = try await TestDatabase.rows("drop schema wh_meta cascade", in: database)
        let third = try #require(try await Self.record(built, command: "seed", on: database))
        #expect([first.built, second.built, third.built] == [Int](repeating: 1, count: 3))
        let rows = try await TestDatabase.rows("select command, built from wh_meta.builds", in: database)
        #expect(rows == [["seed", "1"]])
    }
}
