import Logging

extension Connection {
    /// Runs `body` in a transaction (`BEGIN`, then `COMMIT`), rolling back when `body` throws.
    ///
    /// The error thrown by `body` is rethrown unchanged after the rollback. If a statement inside `body`
    /// failed but `body` caught the error and returned normally, the server has already aborted the
    /// transaction: `COMMIT` then rolls back, and this throws rather than pretend the work was saved.
    /// Transactions do not nest: calling this inside another transaction throws. A `readOnly` transaction
    /// (`BEGIN READ ONLY`) refuses every statement that would write.
    public func transaction<T>(readOnly: Bool = false, _ body: (Connection) throws -> T) throws -> T {
        guard !isInTransaction else {
            throw PostgresError(kind: .client, message: "transaction() called while a transaction is already open")
        }
        try execute(readOnly ? "BEGIN READ ONLY" : "BEGIN")
        let value: T
        do {
            value = try body(self)
        } catch {
            rollBack()
            throw error
        }
        let commit = try execute("COMMIT")
        guard commit.commandTag == "COMMIT" else {
            throw PostgresError(
                kind: .client,
                message: "the transaction was rolled back because a statement inside it failed",
                hint: "a statement's error was caught inside transaction(); let it propagate instead"
            )
        }
        return value
    }

    /// Rolls back after a failure; a failed rollback only matters if the connection broke, which the next call reports.
    private func rollBack() {
        do {
            try execute("ROLLBACK")
        } catch {
            logger.warning("ROLLBACK failed", metadata: ["error": "\(error)"])
        }
    }
}
