import Foundation
import Logging
import PostgresClient
import SQLTemplate
import WarehouseCore

/// One worker thread: owns one connection and builds the nodes the coordinator hands it, one at a time.
struct ExecutionWorker: Sendable {
    let name: String
    let coordinator: RunCoordinator
    let schemas: SchemaRegistry
    let configuration: ConnectionConfiguration
    let options: ExecutionOptions
    let ledger: UpToDateLedger?
    let logger: Logger
    /// A connection lent for the run (the session's), used before opening one of the worker's own.
    var lent: ConnectionLoan? = nil

    /// The thread's body: runs nodes until the run is over, then reports its exit.
    func run() {
        var connection: Connection?
        // Made on first use: most runs have no node that renders with the database.
        var renderer: DeferredNodeRenderer?
        var next = coordinator.nextNode()
        while let (planned, index) = next {
            let startedAt = Date()
            var node = planned
            let outcome = Result { () throws(ModelExecutionError) -> MaterializationOutcome in
                let open = try openConnection(reusing: connection, for: node)
                connection = open
                var context = MaterializationContext(
                    connection: open, swapLockTimeout: options.swapLockTimeout, projectViews: options.projectViews,
                    fullRefresh: options.fullRefresh, microbatch: microbatchEnvironment(for: node, startedAt: startedAt)
                )
                if node.rendersWithDatabase, let rendering = options.deferredRendering {
                    let nodeRenderer = renderer ?? rendering.makeRenderer()
                    renderer = nodeRenderer
                    try render(&node, with: nodeRenderer, on: open)
                    let (id, database) = (node.id, PostgresDatabaseAccess(connection: open))
                    context.renderPostHook = { index in nodeRenderer.renderPostHook(index, of: id, with: database) }
                }
                if node.writesRelation { try schemas.ensureSchema(of: node, on: open) }
                return try node.materialization.strategy.materialize(node, context: context)
            }
            let result = result(of: node, outcome, startedAt: startedAt, completedAt: Date())
            if let connection { remember(result, on: connection) }
            next = coordinator.finish(result, index: index)
        }
        coordinator.workerExited()
    }

    /// Fills `node`'s SQL, line map and hooks by rendering its template with `connection` in the templates' reach.
    private func render(_ node: inout ExecutionNode, with renderer: DeferredNodeRenderer, on connection: Connection)
        throws(ModelExecutionError)
    {
        switch renderer.render(node.id, with: PostgresDatabaseAccess(connection: connection)) {
        case .success(let rendered):
            node.compiledSQL = rendered.sql
            node.sourceLines = rendered.sourceLines
            node.preHooks = rendered.preHooks
            node.postHooks = rendered.postHooks
        case .failure(let error):
            // The place in the node's own file: where the error is, or the outermost call there that led to it.
            let inNodeFile = ([error.location] + error.callStack.reversed()).last { $0.path == node.path }
            throw ModelExecutionError(
                node: node, phase: .render, cause: .template(error), sourceLocation: inNodeFile)
        }
    }

    /// Batch connections named after this worker (`wh Thread-2 batch 1`) and cancelled with the run; batch lines
    /// reported through the coordinator.
    private func microbatchEnvironment(for node: ExecutionNode, startedAt: Date) -> MicrobatchEnvironment {
        MicrobatchEnvironment(
            threads: options.threads, runStartedAt: options.runStartedAt ?? startedAt,
            eventTimeRange: options.eventTimeRange,
            openConnection: { [self] (slot) throws(PostgresError) in
                let slotName = "\(name) batch \(slot)"
                let connection = try Connection.connect(
                    configuration.with(keyword: "application_name", value: "wh \(slotName)"), logger: logger)
                coordinator.register(connection.makeCancelToken(), worker: slotName)
                return connection
            },
            report: { [coordinator] report in coordinator.reportBatch(report, of: node) },
            isCancelled: { [coordinator] in coordinator.isCancelled }, failFast: options.failFast)
    }

    /// The worker's connection: the lent one on first use if there is one, else opened on first use; reopened when
    /// the server dropped it.
    private func openConnection(reusing connection: Connection?, for node: ExecutionNode) throws(ModelExecutionError)
        -> Connection
    {
        if let connection, connection.isOpen { return connection }
        do {
            let connection =
                if connection == nil, let lent = lent?.connection, lent.isOpen {
                    lent
                } else {
                    try Connection.connect(
                        configuration.with(keyword: "application_name", value: "wh \(name)"), logger: logger)
                }
            // Postgres 14+ then notices within seconds that this client died (kill -9) and abandons its statement
            // instead of finishing the dead run's work; older servers lack the setting.
            try connection.execute(
                """
                select pg_catalog.set_config('client_connection_check_interval', '2s', false)
                where pg_catalog.current_setting('server_version_num')::int >= 140000
                """)
            coordinator.register(connection.makeCancelToken(), worker: name)
            return connection
        } catch {
            throw ModelExecutionError(node: node, phase: .connect, cause: .postgres(error))
        }
    }

    /// Stores what a node that succeeded was built from, and forgets a test that did not pass.
    ///
    /// A failure to write is only logged: without a current record the node is simply rebuilt next time.
    private func remember(_ result: NodeResult, on connection: Connection) {
        guard let ledger, result.node.materialization.strategy.executes else { return }
        let store = NodeStateStore(connection: connection)
        do {
            if let record = ledger.record(after: result) {
                try store.save(record)
            } else if result.node.materialization == .test {
                try store.forget(result.node.id)
            }
        } catch {
            logger.warning("could not record the state of \(result.node.id): \(error)")
        }
    }

    private func result(
        of node: ExecutionNode,
        _ outcome: Result<MaterializationOutcome, ModelExecutionError>,
        startedAt: Date,
        completedAt: Date
    ) -> NodeResult {
        switch outcome {
        case .success(let outcome) where outcome.batches?.failed.isEmpty == false:
            microbatchResult(of: node, outcome, startedAt: startedAt, completedAt: completedAt)
        case .success(let outcome):
            NodeResult(
                node: node,
                status: outcome.test.map(\.verdict.status) ?? .success,
                startedAt: startedAt,
                completedAt: completedAt,
                commandTag: outcome.commandTag,
                rowsAffected: outcome.rowsAffected,
                message: outcome.test?.message ?? outcome.commandTag ?? "OK",
                keptDependents: outcome.keptDependents,
                threadName: name,
                failures: outcome.test?.failures,
                failingRows: outcome.test?.sample,
                batches: outcome.batches
            )
        case .failure(let error):
            NodeResult(
                node: node,
                status: .error,
                startedAt: startedAt,
                completedAt: completedAt,
                message: "\(error)",
                error: error,
                threadName: name
            )
        }
    }

    /// A microbatch model some of whose batches failed: `partial success` when others were built, else `error`;
    /// the first failed batch's error is the node's.
    private func microbatchResult(
        of node: ExecutionNode, _ outcome: MaterializationOutcome, startedAt: Date, completedAt: Date
    ) -> NodeResult {
        let batches = outcome.batches ?? MicrobatchResults()
        let built = batches.successful.count
        let total = built + batches.failed.count
        return NodeResult(
            node: node, status: built == 0 ? .error : .partialSuccess, startedAt: startedAt, completedAt: completedAt,
            rowsAffected: outcome.rowsAffected,
            message: built == 0 ? "ERROR" : "PARTIAL SUCCESS (\(built)/\(total))", error: batches.firstError,
            threadName: name, batches: batches)
    }
}
