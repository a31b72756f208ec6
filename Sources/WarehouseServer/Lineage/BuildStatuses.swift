public import Foundation
public import WarehouseCore

/// The last known outcome of each node: what the last run wrote to `target/run_results.json`, and for nodes that
/// run did not touch, the last success recorded in `wh_meta.node_state`.
///
/// Either may be missing (a warehouse never built, a target folder cleaned): nodes without an outcome are simply
/// not built yet.
public struct BuildStatuses: Sendable, Equatable {
    /// One node's outcome.
    public struct Outcome: Sendable, Equatable {
        /// dbt's status words: `success`, `error`, `skipped`, `pass`, `fail`, `warn`, ...
        public var status: String
        /// When it finished (ISO 8601), when known.
        public var finishedAt: String?
        /// The run's message (an error's text, a test's failure count), empty when there is none.
        public var message: String

        public init(status: String, finishedAt: String?, message: String = "") {
            self.status = status
            self.finishedAt = finishedAt
            self.message = message
        }
    }

    /// The last run that wrote `run_results.json`.
    public struct LastRun: Sendable, Equatable {
        /// `build`, `run`, `test`, ...
        public var command: String?
        /// When the file was written (ISO 8601).
        public var generatedAt: String?
    }

    public var outcomes: [NodeID: Outcome]
    public var lastRun: LastRun?

    public init(outcomes: [NodeID: Outcome] = [:], lastRun: LastRun? = nil) {
        self.outcomes = outcomes
        self.lastRun = lastRun
    }

    /// The statuses from the run results file at `runResults` (ignored when missing or unreadable: the page then
    /// shows what the ledger knows), over the ledger's `recorded` successes.
    public static func read(runResults: URL, recorded: [NodeID: Outcome] = [:]) -> BuildStatuses {
        var statuses = BuildStatuses(outcomes: recorded)
        guard let data = try? Data(contentsOf: runResults),
            let file = try? RunResultsFile.decode(data)
        else { return statuses }
        statuses.lastRun = LastRun(command: file.args?.which, generatedAt: file.metadata?.generatedAt)
        for result in file.results {
            guard let id = result.uniqueID, let status = result.status else { continue }
            statuses.outcomes[NodeID(id)] = Outcome(
                status: status, finishedAt: result.timing?.last?.completedAt ?? file.metadata?.generatedAt,
                message: result.message ?? "")
        }
        return statuses
    }
}
