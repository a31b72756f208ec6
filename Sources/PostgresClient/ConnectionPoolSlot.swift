import Foundation
import Logging

/// One connection of a pool, confined to a thread of its own.
///
/// The connection is a local variable of the slot's thread: no other thread can reach it. Work arrives as
/// jobs through a queue; when the slot is released the queue closes, the thread ends and the connection closes.
/// A dedicated thread (rather than a dispatch queue) is used because libdispatch on Linux runs only about
/// one worker per core, so blocked queries on queues would not run in parallel.
final class ConnectionPoolSlot: Sendable {
    typealias Job = @Sendable (inout Connection?) -> Void

    private let jobs = JobQueue()

    init(index: Int, configuration: ConnectionConfiguration, logger: Logger) {
        let thread = Thread { [jobs] in
            var connection: Connection?
            while let job = jobs.next() { job(&connection) }
        }
        thread.name = "wh.postgres.pool.\(index)"
        thread.start()
        self.configuration = configuration
        self.logger = logger
    }

    private let configuration: ConnectionConfiguration
    private let logger: Logger

    deinit {
        jobs.close()
    }

    /// Runs `body` on the slot's thread with its connection, opening it first if needed.
    func run<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async -> Result<T, any Error> {
        await withCheckedContinuation { continuation in
            jobs.add { [configuration, logger] connection in
                continuation.resume(
                    returning: Result {
                        try ConnectionPoolSlot.run(body, on: &connection, configuration: configuration, logger: logger)
                    }
                )
            }
        }
    }

    private static func run<T>(
        _ body: (Connection) throws -> T,
        on connection: inout Connection?,
        configuration: ConnectionConfiguration,
        logger: Logger
    ) throws -> T {
        let current: Connection
        if let open = connection, open.isOpen {
            current = open
        } else {
            connection = nil
            current = try Connection.connect(configuration, logger: logger)
            connection = current
        }
        defer { tidy(current, slot: &connection, logger: logger) }
        return try body(current)
    }

    /// Leaves the connection ready for the next caller: no open transaction, or no connection at all if it broke.
    private static func tidy(_ current: Connection, slot connection: inout Connection?, logger: Logger) {
        guard current.isOpen else {
            connection = nil
            return
        }
        guard current.isInTransaction else { return }
        logger.warning("a pooled connection was returned inside a transaction; rolling it back")
        do {
            try current.execute("ROLLBACK")
        } catch {
            connection = nil
        }
    }
}

/// A blocking first-in, first-out queue of jobs for one slot thread.
private final class JobQueue: Sendable {
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private nonisolated(unsafe) var pending: [ConnectionPoolSlot.Job] = []
    /// Guarded by `condition`.
    private nonisolated(unsafe) var closed = false

    func add(_ job: @escaping ConnectionPoolSlot.Job) {
        condition.lock()
        pending.append(job)
        condition.signal()
        condition.unlock()
    }

    /// The next job, waiting for one; `nil` once the queue is closed and empty.
    func next() -> ConnectionPoolSlot.Job? {
        condition.lock()
        defer { condition.unlock() }
        while pending.isEmpty && !closed { condition.wait() }
        return pending.isEmpty ? nil : pending.removeFirst()
    }

    func close() {
        condition.lock()
        closed = true
        condition.signal()
        condition.unlock()
    }
}
