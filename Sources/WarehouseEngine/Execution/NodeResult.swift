public import Foundation

/// What happened to one node in a run.
public struct NodeResult: Sendable {
    /// A node's outcome, spelled as in dbt's `run_results.json`.
    ///
    /// Models end in `success`, `error` or `skipped`; data tests in `pass`, `warn`, `fail`, `error` or `skipped`.
    public enum Status: String, Sendable, Hashable, Codable {
        case success
        case error
        case skipped
        case pass
        case warn
        case fail
        /// A microbatch model some of whose batches failed while others were built.
        case partialSuccess = "partial success"

        /// Whether the node's descendants may run: it succeeded, passed, or only warned.
        public var releasesDescendants: Bool {
            switch self {
            case .success, .pass, .warn: true
            case .error, .skipped, .fail, .partialSuccess: false
            }
        }
    }

    public var node: ExecutionNode
    public var status: Status
    /// When the node started and finished executing; `nil` for skipped nodes.
    public var startedAt: Date?
    public var completedAt: Date?
    /// The build statement's command tag (`SELECT 4211`, `CREATE VIEW`).
    public var commandTag: String?
    /// Rows written, from the command tag; `nil` when the command reports none (views).
    public var rowsAffected: Int?
    /// A one-line account: the command tag, the error, or why the node was skipped.
    public var message: String
    /// The failure, for `error` results.
    public var error: ModelExecutionError?
    /// Views on the relation this node replaced, made again over the new one (see ``DependentViews``).
    public var keptDependents: [String]
    /// The worker that ran the node (`Thread-2`), as dbt's `thread_id`.
    public var threadName: String?
    /// For data tests that ran: how many failing rows they counted.
    public var failures: Int?
    /// For data tests that warned or failed: a few of the failing rows.
    public var failingRows: FailingRows?
    /// For microbatch models: the batches built and failed.
    public var batches: MicrobatchResults?

    public init(
        node: ExecutionNode,
        status: Status,
        startedAt: Date? = nil,
        completedAt: Date? = nil,
        commandTag: String? = nil,
        rowsAffected: Int? = nil,
        message: String,
        error: ModelExecutionError? = nil,
        keptDependents: [String] = [],
        threadName: String? = nil,
        failures: Int? = nil,
        failingRows: FailingRows? = nil,
        batches: MicrobatchResults? = nil
    ) {
        self.batches = batches
        self.node = node
        self.status = status
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.commandTag = commandTag
        self.rowsAffected = rowsAffected
        self.message = message
        self.error = error
        self.keptDependents = keptDependents
        self.threadName = threadName
        self.failures = failures
        self.failingRows = failingRows
    }

    /// Seconds spent executing; 0 for skipped nodes.
    public var executionTime: TimeInterval {
        guard let startedAt, let completedAt else { return 0 }
        return completedAt.timeIntervalSince(startedAt)
    }
}
