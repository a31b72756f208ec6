public import PostgresClient

/// A session advisory lock a test holds on a connection of its own.
///
/// SQL under test that takes the same lock (`pg_advisory_lock(key)`, `pg_advisory_xact_lock_shared(key)`) waits
/// until the test lets it go: a way to make "while it runs" happen on any machine, however loaded. Released by ``release()``, or when the holder is
/// gone (its connection closes), so a failing test never leaves the lock behind.
public final class HeldAdvisoryLock: Sendable {
    private let key: Int
    private let holder: ConnectionPool

    /// Takes the lock `key` on `database`, waiting until it is granted.
    public init(_ key: Int, on database: ConnectionConfiguration) async throws {
        self.key = key
        holder = ConnectionPool(configuration: database, size: 1, logger: TestDatabase.logger)
        try await holder.withConnection { try $0.query("select pg_advisory_lock($1)", [.int(key)]) }
    }

    public func release() async throws {
        try await holder.withConnection { [key] in try $0.query("select pg_advisory_unlock($1)", [.int(key)]) }
    }
}
