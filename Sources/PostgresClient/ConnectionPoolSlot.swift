import Foundation
import Logging

/// One connection of a pool, confined to a thread of its own.
///
/// The connection is only touched on the slot's thread, which takes jobs from the queue the pool's slots share;
/// when the pool is released the queue closes, the thread ends and the connection closes.
/// A dedicated thread (rather than a dispatch queue) is used because libdispatch on Linux runs only about
/// one worker per core, so blocked queries on queues would not run in parallel.
final class ConnectionPoolSlot: Sendable {
    init(index: Int, jobs: ConnectionPoolJobs, configuration: ConnectionConfiguration, logger: Logger) {
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

/// The jobs a pool's slot threads take, first in, first out; a job goes straight to the thread that became idle
/// last, so a pool used one call at a time keeps using one connection (and its prepared statements).
final class ConnectionPoolJobs: Sendable {
    typealias Job = @Sendable (ThreadConfinedConnection) -> Void

    /// One idle slot thread, waiting on a condition of its own for the job handed to it.
    final class Waiter: Sendable {
        fileprivate let condition = NSCondition()
        /// Guarded by `condition`.
        fileprivate nonisolated(unsafe) var job: Job?
        /// Guarded by `condition`.
        fileprivate nonisolated(unsafe) var closed = false
    }

    private let lock = NSLock()
    /// Guarded by `lock`: jobs no thread was idle for.
    private nonisolated(unsafe) var pending: [Job] = []
    /// Guarded by `lock`: idle threads, the most recently idle last.
    private nonisolated(unsafe) var idle: [Waiter] = []
    /// Guarded by `lock`.
    private nonisolated(unsafe) var closed = false

    func add(_ job: @escaping Job) {
        lock.lock()
        guard let waiter = idle.popLast() else {
            pending.append(job)
            lock.unlock()
            return
        }
        lock.unlock()
        waiter.condition.lock()
        waiter.job = job
        waiter.condition.signal()
        waiter.condition.unlock()
    }

    /// The next job for the thread `waiter` stands for, waiting for one; `nil` once the queue is closed and empty.
    func next(for waiter: Waiter) -> Job? {
        lock.lock()
        if !pending.isEmpty {
            let job = pending.removeFirst()
            lock.unlock()
            return job
        }
        guard !closed else {
            lock.unlock()
            return nil
        }
        idle.append(waiter)
        lock.unlock()
        waiter.condition.lock()
        defer { waiter.condition.unlock() }
        while waiter.job == nil && !waiter.closed { waiter.condition.wait() }
        let job = waiter.job
        waiter.job = nil
        return job
    }

    func close() {
        lock.lock()
        closed = true
        let waiting = idle
        idle = []
        lock.unlock()
        for waiter in waiting {
            waiter.condition.lock()
            waiter.closed = true
            waiter.condition.signal()
            waiter.condition.unlock()
        }
    }
}
