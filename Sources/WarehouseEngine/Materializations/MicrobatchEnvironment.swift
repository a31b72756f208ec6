public import Foundation
public import PostgresClient

/// What the run gives a microbatch model beyond its worker's connection: how many batches may run at once and on
/// which connections, which batches to build, and where to report them.
public struct MicrobatchEnvironment: Sendable {
    /// How many batches of one model run at once, each on its own connection (the run's `threads`).
    public var threads: Int
    /// When the run started: the current batch is the one holding it.
    public var runStartedAt: Date
    /// `--event-time-start` and `--event-time-end`, when given.
    public var eventTimeRange: (start: Date, end: Date)?
    /// Opens one more connection for a batch running next to others; `slot` numbers it (1, 2, ...) for
    /// `application_name` and cancellation.
    public var openConnection: @Sendable (_ slot: Int) throws(PostgresError) -> Connection
    /// Called as each batch starts and ends, never concurrently.
    public var report: @Sendable (MicrobatchBatchReport) -> Void
    /// Whether the run was cancelled: no further batch starts.
    public var isCancelled: @Sendable () -> Bool
    /// `--fail-fast`: no batch starts after one failed.
    public var failFast: Bool

    public init(
        threads: Int, runStartedAt: Date, eventTimeRange: (start: Date, end: Date)? = nil,
        openConnection: @escaping @Sendable (_ slot: Int) throws(PostgresError) -> Connection,
        report: @escaping @Sendable (MicrobatchBatchReport) -> Void = { _ in },
        isCancelled: @escaping @Sendable () -> Bool = { false }, failFast: Bool = false
    ) {
        self.failFast = failFast
        self.isCancelled = isCancelled
        self.threads = threads
        self.runStartedAt = runStartedAt
        self.eventTimeRange = eventTimeRange
        self.openConnection = openConnection
        self.report = report
    }
}
