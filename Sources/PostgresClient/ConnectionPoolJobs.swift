import Foundation

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
