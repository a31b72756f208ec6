import Foundation
import PostgresClient
import Synchronization
import WarehouseCore

/// Runs a microbatch model's batches, each an ``IncrementalStep`` in its own transaction, on up to `threads`
/// connections at once: the worker's own, and more opened for the run (``MicrobatchEnvironment``).
///
/// Batches are handed out in time order. A batch that fails is rolled back and recorded as failed in the ledger;
/// the others go on. Once the run is cancelled, or a batch failed under `--fail-fast`, no batch starts.
struct MicrobatchBatchRunner: Sendable {
    /// The model, its SQL still holding ``MicrobatchWindow``'s placeholders.
    let node: ExecutionNode
    let config: IncrementalConfig
    let batchSize: MicrobatchBatchSize
    let runStartedAt: Date
    let environment: MicrobatchEnvironment?

    /// What the batches did.
    struct Results {
        var outcome = MicrobatchResults()
        /// Rows the successful batches wrote.
        var rows = 0
    }

    /// The batches still to hand out and what the finished ones did, shared by the runner's threads.
    private final class Queue: Sendable {
        struct State {
            var next = 0
            var results = Results()
            var errors: [(MicrobatchBatch, ModelExecutionError)] = []
        }

        let state = Mutex(State())
    }

    /// Builds `batches`; in parallel when `parallel` and the environment allows more than one thread.
    func run(_ batches: [MicrobatchBatch], on connection: Connection, parallel: Bool) -> Results {
        let queue = Queue()
        let extraSlots = parallel ? max(0, min(environment?.threads ?? 1, batches.count) - 1) : 0
        let done = DispatchGroup()
        for slot in stride(from: 1, through: extraSlots, by: 1) {
            done.enter()
            let thread = Thread { [self] in
                defer { done.leave() }
                // A slot whose connection cannot be opened leaves its batches to the others.
                guard let environment, let extra = try? environment.openConnection(slot) else { return }
                drain(batches, queue: queue, on: extra)
            }
            thread.name = "wh \(node.name) batches \(slot)"
            thread.start()
        }
        drain(batches, queue: queue, on: connection)
        done.wait()
        return queue.state.withLock { queue in
            var results = queue.results
            results.outcome.successful.sort()
            results.outcome.failed.sort()
            results.outcome.firstError = queue.errors.min { $0.0 < $1.0 }?.1
            return results
        }
    }

    /// Builds batches from the shared queue until none is left (or the run is cancelled).
    private func drain(_ batches: [MicrobatchBatch], queue: Queue, on connection: Connection) {
        while true {
            let index: Int? = queue.state.withLock { queue in
                let stopped =
                    (environment?.isCancelled() ?? false) || (environment?.failFast == true && !queue.errors.isEmpty)
                guard queue.next < batches.count, !stopped else { return nil }
                defer { queue.next += 1 }
                return queue.next
            }
            guard let index else { return }
            let batch = batches[index]
            let outcome = build(batch, index: index + 1, of: batches.count, on: connection)
            queue.state.withLock { queue in
                switch outcome {
                case .success(let rows):
                    queue.results.outcome.successful.append(batch)
                    queue.results.rows += rows ?? 0
                case .failure(let error):
                    queue.results.outcome.failed.append(batch)
                    queue.errors.append((batch, error))
                }
            }
        }
    }

    /// Builds one batch and records it in the ledger; returns the rows it wrote.
    private func build(_ batch: MicrobatchBatch, index: Int, of total: Int, on connection: Connection) -> Result<
        Int?, ModelExecutionError
    > {
        var bound = node
        bound.compiledSQL = batch.bind(node.compiledSQL)
        let statements = ModelStatements(node: bound, connection: connection)
        let ledger = MicrobatchLedger(statements: statements)
        let label = batchSize.label(batch.start)
        environment?.report(
            MicrobatchBatchReport(batch: batch, label: label, index: index, total: total, outcome: .started))
        let startedAt = Date()
        var step = IncrementalStep(statements: statements, config: config)
        step.window = batch
        step.beforeCommit = { (written) throws(ModelExecutionError) in
            try ledger.record(batch, runStartedAt: runStartedAt, rows: written.rowsAffected, error: nil)
        }
        let outcome: MicrobatchBatchReport.Outcome
        let result: Result<Int?, ModelExecutionError>
        do {
            let built = try step.run()
            outcome = .succeeded(commandTag: built.commandTag, seconds: Date().timeIntervalSince(startedAt))
            result = .success(built.rowsAffected)
        } catch {
            // The batch's transaction rolled back; its failure is recorded on its own. When even that fails (the
            // connection is gone), the batch is simply missing from the ledger, which the next run fills the same.
            try? ledger.record(batch, runStartedAt: runStartedAt, rows: nil, error: "\(error)")
            outcome = .failed(error, seconds: Date().timeIntervalSince(startedAt))
            result = .failure(error)
        }
        environment?.report(
            MicrobatchBatchReport(batch: batch, label: label, index: index, total: total, outcome: outcome))
        return result
    }
}
