import Foundation
import PostgresClient
import Synchronization
import Testing
import WarehouseTesting

@Suite("LISTEN/NOTIFY")
struct NotificationListenerTests {
    /// What a listener's handlers saw, in order.
    final class Events: Sendable {
        let log = Mutex<[String]>([])
        let backends = Mutex<[Int]>([])

        func append(_ event: String) { log.withLock { $0.append(event) } }
        var all: [String] { log.withLock { $0 } }

        /// Waits up to 10 s for an event for which `condition` holds.
        func wait(for condition: (String) -> Bool) async -> Bool {
            for _ in 0..<1000 {
                if all.contains(where: condition) { return true }
                try? await Task.sleep(for: .milliseconds(10))
            }
            return false
        }
    }

    /// Runs blocking libpq work on a thread of its own.
    private static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    private static func listen(_ configuration: ConnectionConfiguration, _ events: Events) -> NotificationListener {
        NotificationListener(
            configuration: configuration, channels: ["wh_test", "other channel"], retryDelay: .milliseconds(50),
            logger: TestDatabase.logger,
            listening: { connection in
                events.backends.withLock { $0.append(connection.backendPID) }
                events.append("listening")
            },
            received: { notification, _ in events.append("\(notification.channel): \(notification.payload)") },
            lost: { _ in events.append("lost") })
    }

    private static func notify(_ channel: String, _ payload: String, on configuration: ConnectionConfiguration)
        async throws
    {
        try await Self.onThread {
            try Connection.connect(configuration, logger: TestDatabase.logger)
                .query("select pg_notify($1, $2)", [.string(channel), .string(payload)])
        }
    }

    @Test("notifications on every channel listened to arrive in order, with their payloads; others do not")
    func receivesNotifications() async throws {
        let database = try await TestDatabase.create()
        let events = Events()
        let listener = Self.listen(database, events)
        defer { listener.stop() }
        #expect(await events.wait { $0 == "listening" })
        try await Self.notify("wh_test", "1", on: database)
        try await Self.notify("unheard", "x", on: database)
        try await Self.notify("other channel", "it's ünïcode", on: database)
        #expect(await events.wait { $0 == "other channel: it's ünïcode" })
        #expect(events.all == ["listening", "wh_test: 1", "other channel: it's ünïcode"])
    }

    @Test("a listener whose connection the server ended connects again and hears what is sent afterwards")
    func reconnectsAfterTheConnectionEnds() async throws {
        let database = try await TestDatabase.create()
        let events = Events()
        let listener = Self.listen(database, events)
        defer { listener.stop() }
        #expect(await events.wait { $0 == "listening" })
        let first = try #require(events.backends.withLock { $0.first })
        _ = try await TestDatabase.rows("select pg_terminate_backend(\(first))", in: database)
        #expect(await events.wait { $0 == "lost" })
        #expect(await events.wait { _ in events.all.filter { $0 == "listening" }.count == 2 })
        try await Self.notify("wh_test", "after", on: database)
        #expect(await events.wait { $0 == "wh_test: after" })
        let backends = events.backends.withLock { $0 }
        #expect(backends.count == 2 && backends[0] != backends[1])
    }

    @Test("a stopped listener closes its connection and calls no handler again")
    func stops() async throws {
        let database = try await TestDatabase.create()
        let events = Events()
        let listener = Self.listen(database, events)
        #expect(await events.wait { $0 == "listening" })
        let backend = try #require(events.backends.withLock { $0.first })
        listener.stop()
        var gone = false
        for _ in 0..<500 where !gone {
            gone =
                try await TestDatabase.rows(
                    "select count(*) from pg_stat_activity where pid = \(backend)", in: database)
                == [["0"]]
            if !gone { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(gone, "the listening backend \(backend) is still connected")
        try await Self.notify("wh_test", "late", on: database)
        try await Task.sleep(for: .milliseconds(100))
        #expect(events.all == ["listening"])
    }

    @Test("a listener on a server that cannot be reached keeps trying and reports each failure")
    func keepsTryingAnUnreachableServer() async throws {
        let events = Events()
        let unreachable = try ConnectionConfiguration(
            connectionString: "postgresql://127.0.0.1:1/none?connect_timeout=1")
        let listener = Self.listen(unreachable, events)
        defer { listener.stop() }
        #expect(await events.wait { _ in events.all.filter { $0 == "lost" }.count >= 2 })
        #expect(!events.all.contains("listening"))
    }

    @Test("createMissing run by eight sessions at once creates the schema and table once, without an error")
    func createMissingTakesTurns() async throws {
        let database = try await TestDatabase.create()
        // Without the lock, about one round in five fails here on pg_namespace's unique index; six rounds make a
        // missing lock show.
        for round in 0..<6 {
            let statements = [
                "create schema if not exists meta_race_\(round)",
                "create table if not exists meta_race_\(round).t (id int primary key)",
            ]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await Self.onThread {
                            try Connection.connect(database, logger: TestDatabase.logger).createMissing(statements)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let tables = try await TestDatabase.rows(
            "select count(*) from pg_tables where schemaname like 'meta_race_%'", in: database)
        #expect(tables == [["6"]])
    }

    @Test("createMissing inside an open transaction keeps it open, and a failing statement leaves nothing behind")
    func createMissingInsideATransaction() async throws {
        let database = try await TestDatabase.create()
        let (openAfterCreate, failed, openAfterFailure) = try await Self.onThread {
            let connection = try Connection.connect(database, logger: TestDatabase.logger)
            try connection.execute("begin")
            try connection.createMissing(["create table if not exists kept (id int)"])
            let open = connection.isInTransaction
            try connection.execute("commit")
            var failed = false
            do {
                try connection.createMissing(["create table if not exists dropped (id int)", "create table broken ("])
            } catch {
                failed = true
            }
            return (open, failed, connection.isInTransaction)
        }
        #expect(openAfterCreate)
        #expect(failed)
        #expect(!openAfterFailure)
        let tables = try await TestDatabase.rows(
            "select tablename from pg_tables where tablename in ('kept', 'dropped') order by 1", in: database)
        #expect(tables == [["kept"]])
    }
}
