import Foundation
import PostgresClient
import Synchronization
import WarehouseCore

/// The state the worker threads share: the scheduler, the results, and the progress callback.
///
/// Workers block on `condition` while nothing is ready. Every access to `state` happens with `condition` locked;
/// the `Mutex` around it only lets the compiler check that (it is never contended).
final class RunCoordinator: Sendable {
    private struct State {
        var scheduler: ExecutionScheduler
        var results: [NodeResult] = []
        var nextIndex = 1
        var activeWorkers = 0
        var continuation: CheckedContinuation<Void, Never>?
        /// Each worker's way to cancel the statement its connection runs.
        var cancelTokens: [String: CancelToken] = [:]
        var cancelled = false
    }

    private let condition = NSCondition()
    private let state: Mutex<State>
    /// How many nodes progress lines count (ephemeral models are resolved silently).
    let total: Int
    private let progress: @Sendable (ProgressEvent) -> Void
    /// Decides which nodes are up to date; `nil` runs every node.
    private let ledger: UpToDateLedger?

    init(
        scheduler: ExecutionScheduler, nodes: [ExecutionNode], ledger: UpToDateLedger?,
        progress: @escaping @Sendable (ProgressEvent) -> Void
    ) {
        self.ledger = ledger
        self.state = Mutex(State(scheduler: scheduler))
        let executed = nodes.filter { $0.materialization.strategy.executes }
        self.total = executed.count
        self.progress = progress
    }

    /// Registers the workers about to start and the continuation to resume when the last one exits.
    func begin(workers: Int, continuation: CheckedContinuation<Void, Never>) {
        locked { state in
            state.activeWorkers = workers
            state.continuation = continuation
            if workers == 0 { resumeIfDone(&state) }
        }
    }

    /// Blocks until a node is ready for the calling worker, or returns `nil` when the run is over.
    ///
    /// Nodes that execute nothing (ephemeral) are completed here, without a result or a progress line; up-to-date
    /// nodes are completed here too, with a result and one progress line.
    func nextNode() -> (node: ExecutionNode, index: Int)? {
        condition.lock()
        defer { condition.unlock() }
        return takeNext(stateChanged: false)
    }

    /// Records a finished node, skips what its failure requires, and returns the calling worker's next node as
    /// ``nextNode()`` does.
    ///
    /// The worker that finished takes the first node its result made ready before the waiting workers are woken:
    /// its connection is open, theirs may not be yet (a chain of models runs on one connection, not one each).
    func finish(_ result: NodeResult, index: Int) -> (node: ExecutionNode, index: Int)? {
        condition.lock()
        defer { condition.unlock() }
        state.withLock { state in
            state.results.append(result)
            progress(ProgressEvent(kind: .finished(result), node: result.node, index: index, total: total))
            record(
                state.scheduler.complete(result.node.id, succeeded: result.status.releasesDescendants), in: &state)
        }
        return takeNext(stateChanged: true)
    }

    /// ``nextNode()``'s loop, with `condition` locked; wakes the waiting workers once the caller has its node (or
    /// waits, or the run is over) when `stateChanged` or when it completed nodes itself.
    private func takeNext(stateChanged: Bool) -> (node: ExecutionNode, index: Int)? {
        enum Step {
            case run(ExecutionNode, index: Int)
            case finished
            case wait
            case again
        }
        var changed = stateChanged
        while true {
            let step = state.withLock { state -> Step in
                switch state.scheduler.next() {
                case .finished:
                    return .finished
                case .wait:
                    return .wait
                case .run(let node) where !node.materialization.strategy.executes:
                    record(state.scheduler.complete(node.id, succeeded: true), in: &state)
                    return .again
                case .run(let node) where ledger?.isUpToDate(node) == true:
                    let now = Date()
                    let result = NodeResult(
                        node: node, status: node.materialization == .test ? .pass : .success, startedAt: now,
                        completedAt: now, message: "up to date", upToDate: true)
                    state.results.append(result)
                    progress(ProgressEvent(kind: .finished(result), node: node, index: state.nextIndex, total: total))
                    state.nextIndex += 1
                    record(state.scheduler.complete(node.id, succeeded: true), in: &state)
                    return .again
                case .run(let node):
                    let index = state.nextIndex
                    state.nextIndex += 1
                    progress(ProgressEvent(kind: .started, node: node, index: index, total: total))
                    return .run(node, index: index)
                }
            }
            switch step {
            case .run(let node, let index):
                if changed { condition.broadcast() }
                return (node, index)
            case .finished:
                if changed { condition.broadcast() }
                return nil
            case .wait:
                if changed { condition.broadcast() }
                changed = false
                condition.wait()
            case .again:
                changed = true
            }
        }
    }

    /// Remembers how to cancel `worker`'s statements (its connection was opened or reopened).
    func register(_ token: CancelToken?, worker: String) {
        locked { state in state.cancelTokens[worker] = token }
    }

    /// Stops starting nodes (the ones not started are skipped) and cancels the running statements, whose
    /// transactions then roll back.
    ///
    /// A node between two statements when the cancel arrives would start its next one, so the cancel is sent again
    /// every 100 ms until every worker has exited.
    func cancel() {
        let alreadyCancelled = locked { state in
            defer { state.cancelled = true }
            record(state.scheduler.stop(reason: .cancelled), in: &state)
            return state.cancelled
        }
        guard !alreadyCancelled else { return }
        let thread = Thread { [self] in
            // Bounded: workers exit once their current node fails or finishes.
            while let tokens = locked({ $0.activeWorkers > 0 ? Array($0.cancelTokens.values) : nil }) {
                for token in tokens { token.cancel() }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        thread.name = "wh cancel"
        thread.start()
    }

    /// Reports a batch of `node`, a microbatch model, starting or ending (between the node's own lines).
    func reportBatch(_ report: MicrobatchBatchReport, of node: ExecutionNode) {
        locked { state in
            progress(ProgressEvent(kind: .batch(report), node: node, index: report.index, total: report.total))
        }
    }

    /// Whether the run was cancelled.
    var isCancelled: Bool {
        locked { $0.cancelled }
    }

    /// Called by each worker as it exits; the last one resumes the waiting run.
    func workerExited() {
        locked { state in
            state.activeWorkers -= 1
            resumeIfDone(&state)
        }
    }

    /// The results so far, in the order nodes were resolved.
    var results: [NodeResult] {
        locked { $0.results }
    }

    private func resumeIfDone(_ state: inout State) {
        guard state.activeWorkers == 0, let continuation = state.continuation else { return }
        state.continuation = nil
        continuation.resume()
    }

    private func record(
        _ skipped: [(node: ExecutionNode, reason: ExecutionScheduler.SkipReason)], in state: inout State
    ) {
        for (node, reason) in skipped where node.materialization.strategy.executes {
            let result = NodeResult(node: node, status: .skipped, message: reason.message)
            state.results.append(result)
            progress(ProgressEvent(kind: .finished(result), node: node, index: state.nextIndex, total: total))
            state.nextIndex += 1
        }
    }

    private func locked<T>(_ body: (inout State) -> T) -> T {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        return state.withLock { body(&$0) }
    }
}
