import Foundation

/// A pool connection lent to a thread outside the pool while the pool's own thread waits (see
/// ``ConnectionPool/withBorrowedConnection(_:)``).
///
/// libpq allows one thread at a time per connection: the borrower uses ``connection`` from one thread at a time,
/// and not after the loan ends.
public final class ConnectionLoan: @unchecked Sendable {
    public let connection: Connection
    private let givenBack = DispatchSemaphore(value: 0)

    fileprivate init(_ connection: Connection) {
        self.connection = connection
    }

    fileprivate func giveBack() { givenBack.signal() }
    fileprivate func waitUntilGivenBack() { givenBack.wait() }
}

extension ConnectionPool {
    /// Runs `body` with one of the pool's connections, which it may hand to a thread of its own: a run's first
    /// worker builds on the session's connection instead of opening one (a handshake and a new server process with
    /// cold catalog caches, a few milliseconds of a short run).
    ///
    /// The pool's thread waits until `body` returns, then tidies the connection as after any job (an open
    /// transaction is rolled back, a broken connection reopened on next use).
    ///
    /// - Throws: the error of `body`, or a ``PostgresError`` when the connection cannot be opened.
    public func withBorrowedConnection<T: Sendable>(_ body: (ConnectionLoan) async throws -> T) async throws -> T {
        try Task.checkCancellation()
        let loan = try await withCheckedContinuation {
            (continuation: CheckedContinuation<Result<ConnectionLoan, any Error>, Never>) in
            jobs.add { slot in
                do {
                    try slot.run { connection in
                        let loan = ConnectionLoan(connection)
                        continuation.resume(returning: .success(loan))
                        loan.waitUntilGivenBack()
                    }
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }.get()
        defer { loan.giveBack() }
        return try await body(loan)
    }
}
