import Foundation
public import Logging

/// A fixed number of connections to one server, for running blocking database work in parallel from async code.
///
/// Each connection belongs to a thread of the pool and is only ever touched there: the blocking libpq calls run
/// on those threads, never on Swift's cooperative thread pool. `withConnection` queues its closure; the first free
/// thread runs it with its connection and resumes the caller with the value. Connections are opened on first use
/// and reopened after they break; a closure that leaves a transaction open has it rolled back.
///
/// ```swift
/// let pool = ConnectionPool(configuration: configuration, size: 4, logger: logger)
/// let count = try await pool.withConnection { connection in
///     try connection.query("select count(*) from orders").int(row: 0, column: 0) ?? 0
/// }
/// ```
///
/// The connections close when the pool is released.
public final class ConnectionPool: Sendable {
    public let configuration: ConnectionConfiguration
    /// The number of connections.
    public let size: Int
    /// Shared by every slot: a caller hands its work straight to whichever thread is free, with no allocator to
    /// ask first.
    let jobs = ConnectionPoolJobs()

    /// Creates a pool of `size` connections (at least one); nothing connects until the first use.
    public init(configuration: ConnectionConfiguration, size: Int, logger: Logger) {
        self.configuration = configuration
        self.size = max(size, 1)
        for index in 0..<self.size {
            ConnectionPoolSlot.start(index: index, jobs: jobs, configuration: configuration, logger: logger)
        }
    }

    deinit {
        jobs.close()
    }

    /// Runs `body` with a connection of its own, on a thread owned by the pool, once a connection is free.
    ///
    /// - Throws: the error of `body`, or a ``PostgresError`` when the connection cannot be opened.
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try Task.checkCancellation()
        return try await withCheckedContinuation { continuation in
            jobs.add { slot in continuation.resume(returning: Result { try slot.run(body) }) }
        }.get()
    }
}
