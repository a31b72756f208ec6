public import WarehouseCore

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
    /// How nodes whose templates query the database are rendered, on the worker's connection before they run.
    public var deferredRendering: DeferredRendering?

    public init(
        threads: Int = 4, failFast: Bool = false, swapLockTimeout: Duration? = .seconds(30),
        projectViews: ProjectViews = .none, fullRefresh: Bool = false
    ) {
        self.fullRefresh = fullRefresh
        self.threads = threads
        self.failFast = failFast
        self.swapLockTimeout = swapLockTimeout
        self.projectViews = projectViews
    }
}
