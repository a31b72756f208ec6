import Foundation
import Logging
import PostgresClient
import WarehouseCore

/// One worker thread: owns one connection and builds the nodes the coordinator hands it, one at a time.
struct ExecutionWorker: Sendable {
    let name: String
    let coordinator: RunCoordinator
    let schemas: SchemaRegistry
    let configuration: ConnectionConfiguration
    let options: ExecutionOptions
    let logger: Logger

    /// The thread's body: runs nodes until the run is over, then reports its exit.
    func run() {
        var connection: Connection?
        while let (node, index) = coordinator.nextNode() {
            let startedAt = Date()
            let outcome = Result { () throws(ModelExecutionError) -> MaterializationOutcome in
                let open = try openConnection(reusing: connection, for: node)
                connection = open
                if node.writesRelation { try schemas.ensureSchema(of: node, on: open) }
                let context = MaterializationContext(
                    connection: open, swapLockTimeout: options.swapLockTimeout, projectViews: options.projectViews,
                    fullRefresh: options.fullRefresh, microbatch: microbatchEnvironment(for: node, startedAt: startedAt)
                )
                return try node.materialization.strategy.materialize(node, context: context)
            }
            coordinator.finish(result(of: node, outcome, startedAt: startedAt, completedAt: Date()), index: index)
        }
        coordinator.workerExited()
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

    /// The worker's connection, opened on first use and reopened when the server dropped it.
    private func openConnection(reusing connection: Connection?, for node: ExecutionNode) throws(ModelExecutionError)
        -> Connection
    {
        if let connection, connection.isOpen { return connection }
        do {
            let connection = try Connection.connect(
                configuration.with(keyword: "application_name", value: "wh \(name)"), logger: logger)
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
