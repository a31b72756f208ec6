public import Foundation
public import WarehouseCore

/// The outcome of a whole run: one result per executed or skipped node, in the order they were resolved.
public struct RunResults: Sendable {
    public var results: [NodeResult]
    public var startedAt: Date
    /// Seconds from the start of the run to its end.
    public var elapsedTime: TimeInterval

    public init(results: [NodeResult], startedAt: Date, elapsedTime: TimeInterval) {
        self.results = results
        self.startedAt = startedAt
        self.elapsedTime = elapsedTime
    }

    /// The result of the node `id`, if it took part in the run.
    public func result(for id: NodeID) -> NodeResult? {
        results.first { $0.node.id == id }
    }

    /// Models that succeeded and tests that passed.
    public var passCount: Int { results.count { $0.status == .success || $0.status == .pass } }
    /// Tests that warned.
    public var warnCount: Int { results.count { $0.status == .warn } }
    /// Nodes that errored, tests that failed and microbatch models with failed batches (counted as errors by dbt).
    public var errorCount: Int { results.count { [.error, .fail, .partialSuccess].contains($0.status) } }
    public var skipCount: Int { results.count { $0.status == .skipped } }

    /// Whether every node succeeded, passed or only warned.
    public var succeeded: Bool { errorCount == 0 && skipCount == 0 }

    /// dbt's closing line: `Done. PASS=25 WARN=1 ERROR=1 SKIP=1 TOTAL=28`.
    public var summaryLine: String {
        "Done. PASS=\(passCount) WARN=\(warnCount) ERROR=\(errorCount) SKIP=\(skipCount) TOTAL=\(results.count)"
    }
}
