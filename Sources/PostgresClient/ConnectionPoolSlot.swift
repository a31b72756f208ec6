import Foundation
import Logging

/// The thread of one connection of a pool.
///
/// The connection is only touched on the slot's thread, which takes jobs from the queue the pool's slots share;
/// when the pool is released the queue closes, the thread ends and the connection closes.
/// A dedicated thread (rather than a dispatch queue) is used because libdispatch on Linux runs only about
/// one worker per core, so blocked queries on queues would not run in parallel.
enum ConnectionPoolSlot {
    static func start(index: Int, jobs: ConnectionPoolJobs, configuration: ConnectionConfiguration, logger: Logger) {
        let thread = Thread {
            let slot = ThreadConfinedConnection(configuration: configuration, logger: logger)
            let waiter = ConnectionPoolJobs.Waiter()
            while let job = jobs.next(for: waiter) { job(slot) }
        }
        thread.name = "wh.postgres.pool.\(index)"
        thread.start()
    }
}

/// A slot thread's connection: opened on first use, reopened after it broke, tidied after each job.
final class ThreadConfinedConnection {
    private let configuration: ConnectionConfiguration
    private let logger: Logger
    private var connection: Connection?

    init(configuration: ConnectionConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs `body` with the connection, opening it first if needed.
    func run<T>(_ body: (Connection) throws -> T) throws -> T {
        let current: Connection
        if let open = connection, open.isOpen {
            current = open
        } else {
            connection = nil
            current = try Connection.connect(configuration, logger: logger)
            connection = current
        }
        defer { tidy(current) }
        return try body(current)
    }

    /// Leaves the connection ready for the next caller: no open transaction, or no connection at all if it broke.
    private func tidy(_ current: Connection) {
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
