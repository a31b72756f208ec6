import Foundation
public import Logging
public import PostgresClient
import SQLTemplate

/// Runs compiled nodes in dependency order, `threads` at a time, each worker thread with its own connection.
///
/// A node starts as soon as all its parents (those in the run) succeeded and the data tests upstream of it passed or
/// warned (see ``TestEdges``); among ready nodes, the smallest id starts first. A failed node's (or failed test's)
/// descendants are skipped while independent branches go on; with `failFast`, no node starts
/// after the first failure. Blocking libpq work runs only on the executor's own threads, never on Swift's
/// cooperative pool. Cancelling the calling task stops starting nodes, as `failFast` does.
public struct DAGExecutor: Sendable {
    public var configuration: ConnectionConfiguration
    public var options: ExecutionOptions
    /// The logger for connection notices and warnings (`wh.run`).
    public var logger: Logger

    public init(configuration: ConnectionConfiguration, options: ExecutionOptions = ExecutionOptions(), logger: Logger)
    {
        self.configuration = configuration
        self.options = options
        self.logger = logger
    }

    /// Runs `nodes`, reporting progress as nodes start and finish.
    ///
    /// - Parameter progress: called once per started node and once per finished or skipped node, never concurrently,
    ///   in the order of the `index` it reports; keep it quick, workers wait while it runs.
    /// - Returns: one result per node that executes (ephemeral models are resolved without a result).
    /// - Throws: ``ExecutionPlanError`` when the nodes cannot be ordered; node failures are results, not errors.
    ///
    /// With a `ledger`, nodes it finds up to date are reported without running, and every node that succeeds has its
    /// record stored (``NodeStateStore``). The first worker builds on the `lent` connection while it stays open.
    public func run(
        _ nodes: [ExecutionNode], ledger: UpToDateLedger? = nil, lent: ConnectionLoan? = nil,
        progress: @escaping @Sendable (ProgressEvent) -> Void = { _ in }
    )
        async throws(ExecutionPlanError)
        -> RunResults
    {
        let startedAt = Date()
        let scheduler = try ExecutionScheduler(nodes: nodes, failFast: options.failFast)
        let coordinator = RunCoordinator(scheduler: scheduler, nodes: nodes, ledger: ledger, progress: progress)
        let workerCount =
            coordinator.total == 0 ? (nodes.isEmpty ? 0 : 1) : min(max(1, options.threads), coordinator.total)
        let schemas = SchemaRegistry()
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                coordinator.begin(workers: workerCount, continuation: continuation)
                for number in stride(from: 1, through: workerCount, by: 1) {
                    let worker = ExecutionWorker(
                        name: "Thread-\(number)",
                        coordinator: coordinator,
                        schemas: schemas,
                        configuration: configuration,
                        options: options,
                        ledger: ledger,
                        logger: logger,
                        lent: number == 1 ? lent : nil
                    )
                    let thread = Thread {
                        RenderThreads.becomeRenderThread()
                        worker.run()
                    }
                    // Workers render the nodes whose templates query the database, as deep as any render.
                    thread.stackSize = RenderThreads.stackSize
                    thread.name = "wh \(worker.name)"
                    thread.start()
                }
            }
        } onCancel: {
            coordinator.cancel()
        }
        return RunResults(
            results: coordinator.results, startedAt: startedAt, elapsedTime: Date().timeIntervalSince(startedAt))
    }
}
