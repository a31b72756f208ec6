public import PostgresClient

/// A strategy that turns one compiled node into a relation, on a connection the caller owns.
///
/// A materialization runs on the executor's worker thread and may block; it must leave the connection outside
/// any transaction when it returns or throws.
public protocol Materialization: Sendable {
    /// Whether the strategy touches the database at all; ephemeral models do not, and are not counted or reported.
    var executes: Bool { get }

    /// Builds `node`, throwing an error that names the node, the phase and the underlying cause.
    func materialize(_ node: ExecutionNode, context: MaterializationContext) throws(ModelExecutionError)
        -> MaterializationOutcome
}

/// What a materialization works with: the worker's connection and the run's settings.
public struct MaterializationContext {
    /// The connection, owned by the calling worker thread.
    public let connection: Connection
    /// The longest the swap may wait for its `ACCESS EXCLUSIVE` locks, over all its attempts; `nil` waits forever.
    public let swapLockTimeout: Duration?
    /// The project's view models, made again from their SQL when a relation they read is replaced.
    public let projectViews: ProjectViews
    /// `--full-refresh`: incremental models are rebuilt whole unless their config says `full_refresh: false`.
    public let fullRefresh: Bool
    /// Connections, batches and reporting for microbatch models; `nil` runs their batches one after another on
    /// `connection`, as of the current time.
    public let microbatch: MicrobatchEnvironment?

    public init(
        connection: Connection, swapLockTimeout: Duration?, projectViews: ProjectViews = .none,
        fullRefresh: Bool = false, microbatch: MicrobatchEnvironment? = nil
    ) {
        self.connection = connection
        self.swapLockTimeout = swapLockTimeout
        self.projectViews = projectViews
        self.fullRefresh = fullRefresh
        self.microbatch = microbatch
    }
}

/// What building a node did.
public struct MaterializationOutcome: Sendable {
    /// The build statement's command tag (`SELECT 4211`, `CREATE VIEW`), `nil` when nothing ran.
    public var commandTag: String?
    /// Rows written by the build statement, when its command reports a count.
    public var rowsAffected: Int?
    /// Views (`schema.name`) that read the replaced relation and were made again over the new one.
    public var keptDependents: [String]
    /// For data tests: the verdict and the failing rows.
    public var test: TestOutcome?
    /// For microbatch models: the batches built and failed.
    public var batches: MicrobatchResults?

    public init(
        commandTag: String?, rowsAffected: Int?, keptDependents: [String] = [], test: TestOutcome? = nil,
        batches: MicrobatchResults? = nil
    ) {
        self.commandTag = commandTag
        self.rowsAffected = rowsAffected
        self.keptDependents = keptDependents
        self.test = test
        self.batches = batches
    }
}
