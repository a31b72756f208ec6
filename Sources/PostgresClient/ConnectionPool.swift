import Foundation
public import Logging

/// A fixed number of connections to one server, for running blocking database work in parallel from async code.
///
/// Each connection lives in a slot with its own serial dispatch queue, and is only ever touched on that queue:
/// the blocking libpq calls run there, never on Swift's cooperative thread pool. `withConnection` waits for a
/// free slot, runs the closure on the slot's queue and returns its value. Connections are opened on first use
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
    private let slots: [ConnectionPoolSlot]
    private let allocator: ConnectionPoolAllocator

    /// Creates a pool of `size` connections (at least one); nothing connects until the first use.
    public init(configuration: ConnectionConfiguration, size: Int, logger: Logger) {
        let size = max(size, 1)
        self.configuration = configuration
        self.slots = (0..<size).map { index in
            ConnectionPoolSlot(index: index, configuration: configuration, logger: logger)
        }
        self.allocator = ConnectionPoolAllocator(size: size)
    }

    /// The number of connections.
    public var size: Int { slots.count }

    /// Runs `body` with a connection of its own, on a thread owned by the pool, once a connection is free.
    ///
    /// - Throws: the error of `body`, or a ``PostgresError`` when the connection cannot be opened.
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try Task.checkCancellation()
        let index = await allocator.acquire()
        let result = await slots[index].run(body)
        await allocator.release(index)
        return try result.get()
    }
}

/// Hands out free slot numbers in first-come order, suspending callers while all are busy.
actor ConnectionPoolAllocator {
    private var free: [Int]
    private var waiters: [CheckedContinuation<Int, Never>] = []

    init(size: Int) {
        free = Array((0..<size).reversed())
    }

    func acquire() async -> Int {
        if let index = free.popLast() { return index }
        return await withCheckedContinuation { waiters.append($0) }
    }

    func release(_ index: Int) {
        if waiters.isEmpty {
            free.append(index)
        } else {
            waiters.removeFirst().resume(returning: index)
        }
    }
}
