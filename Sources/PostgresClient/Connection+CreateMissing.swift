extension Connection {
    /// The advisory lock every ``createMissing(_:)`` holds, a 64-bit hash of this text.
    static let createMissingLock = "postgres-client.create-missing"

    /// Runs `statements` (`create schema if not exists`, `create table if not exists`, ...) so that processes doing
    /// it at once take turns.
    ///
    /// Two sessions running `create ... if not exists` for the same object at the same moment can both find it
    /// missing, and the second then fails on the catalog's unique index. Every caller therefore holds one
    /// transaction-level advisory lock while it creates: one lock for all, since two callers creating different
    /// tables may still share a schema. When no transaction is open the statements run in one of their own, with
    /// the `already exists, skipping` notices silenced; inside the caller's transaction the lock is held until that
    /// transaction ends.
    public func createMissing(_ statements: [String]) throws(PostgresError) {
        let ownTransaction = !isInTransaction
        if ownTransaction { try execute("begin") }
        do throws(PostgresError) {
            try query("select pg_advisory_xact_lock(hashtextextended($1, 0))", [.string(Self.createMissingLock)])
            if ownTransaction { try execute("set local client_min_messages = warning") }
            for statement in statements { try execute(statement) }
            if ownTransaction { try execute("commit") }
        } catch {
            if ownTransaction { _ = try? execute("rollback") }
            throw error
        }
    }
}
