import Foundation
import PostgresClient

/// Runs the locking part of a replacement under a savepoint, retrying it when a lock is not granted in time.
///
/// While the swap waits for its `ACCESS EXCLUSIVE` lock (a long query is reading the relation), every new reader
/// queues behind it; so each attempt waits only a short `lock_timeout`, then rolls back to the savepoint (releasing
/// what it locked, readers go on), sleeps a little and tries again, with waits growing from 200 ms to 3.2 s, until
/// `timeout` has passed. A deadlock (a reader or another session locking in another order) is retried the same way.
/// The build before the savepoint is kept, so a retry repeats milliseconds of work, not the build. Any other error
/// rolls back to the savepoint too before it is thrown.
///
/// A swap that drops views first takes one advisory lock (``takeTurn()``): swaps that share dependent views then never
/// hold each other's views (two swaps of one run, or of two processes that slipped past the build lock). Swaps
/// without dependent views, the common case, lock only their own relations and run side by side.
struct SwapAttempts {
    let statements: ModelStatements
    /// The longest all attempts together may wait for locks; `nil` retries forever.
    let timeout: Duration?

    /// The advisory lock a swap that drops views holds until its transaction (or attempt) ends.
    static let swapLockKey = 0x7768_5F73_7761_70  // "wh_swap"

    /// SQLSTATEs worth another attempt: `lock_not_available` (lock_timeout) and `deadlock_detected`.
    private static let retryable: Set<String> = ["55P03", "40P01"]

    func run<T>(_ body: () throws(ModelExecutionError) -> T) throws(ModelExecutionError) -> T {
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now + $0 }
        var wait = Duration.milliseconds(200)
        while true {
            let remaining = deadline.map { $0 - clock.now }
            let lockTimeout = Self.milliseconds(remaining.map { min($0, wait) } ?? wait)
            try statements.execute("savepoint wh_swap; set local lock_timeout = \(lockTimeout)", phase: .swap)
            do {
                let value = try body()
                try statements.execute("release savepoint wh_swap; set local lock_timeout to default", phase: .swap)
                return value
            } catch let error
                where error.postgresError?.sqlstate.map(Self.retryable.contains) == true
                && deadline.map({ clock.now < $0 }) ?? true
            {
                try statements.execute("rollback to savepoint wh_swap", phase: .swap)
                Thread.sleep(forTimeInterval: Double.random(in: 0.02...0.1))
                wait = min(wait * 2, .milliseconds(3200))
            } catch {
                // Leaves the transaction usable for a caller that handles the error (a view swapped instead).
                _ = try? statements.connection.execute("rollback to savepoint wh_swap")
                throw error
            }
        }
    }

    /// Makes the swaps that drop views take turns: an advisory lock held until the transaction (or the attempt) ends,
    /// taken before the first view is locked, so two swaps never lock shared views in different orders.
    func takeTurn() throws(ModelExecutionError) {
        try statements.execute("select pg_advisory_xact_lock(\(Self.swapLockKey))", phase: .swap)
    }

    /// A `lock_timeout` in whole milliseconds, at least 1 (0 would mean no limit).
    private static func milliseconds(_ timeout: Duration) -> Int64 {
        max(1, timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
    }
}
