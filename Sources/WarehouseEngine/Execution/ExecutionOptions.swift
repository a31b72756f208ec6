public import Foundation

/// How the executor runs a DAG.
public struct ExecutionOptions: Sendable {
    /// How many nodes run at once, each on its own thread and connection (dbt's `threads`).
    public var threads: Int
    /// Stop starting nodes after the first failure; running nodes finish, the rest are skipped.
    public var failFast: Bool
    /// The longest a relation swap waits for its locks before failing the node; `nil` waits forever.
    public var swapLockTimeout: Duration?
    /// The project's view models, made again from their SQL when a relation they read is replaced.
    public var projectViews: ProjectViews
    /// `--full-refresh`: incremental models are rebuilt whole unless their config says `full_refresh: false`.
    public var fullRefresh: Bool
    /// `--event-time-start` and `--event-time-end`: the batches microbatch models build, whatever their ledger says.
    public var eventTimeRange: (start: Date, end: Date)?
    /// The instant microbatch models plan their batches against: the batch holding it is the current one.
    ///
    /// `nil` takes the time each model starts; `wh retry` passes the retried run's start, as dbt does.
    public var runStartedAt: Date?

    public init(
        threads: Int = 4, failFast: Bool = false, swapLockTimeout: Duration? = .seconds(30),
        projectViews: ProjectViews = .none, fullRefresh: Bool = false, eventTimeRange: (start: Date, end: Date)? = nil,
        runStartedAt: Date? = nil
    ) {
        self.runStartedAt = runStartedAt
        self.eventTimeRange = eventTimeRange
        self.fullRefresh = fullRefresh
        self.threads = threads
        self.failFast = failFast
        self.swapLockTimeout = swapLockTimeout
        self.projectViews = projectViews
    }
}
