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

    public var passCount: Int { results.count { $0.status == .success } }
    public var errorCount: Int { results.count { $0.status == .error } }
    public var skipCount: Int { results.count { $0.status == .skipped } }

    /// Whether every node succeeded.
    public var succeeded: Bool { errorCount == 0 && skipCount == 0 }

    /// dbt's closing line: `Done. PASS=25 WARN=0 ERROR=1 SKIP=1 TOTAL=27`.
    public var summaryLine: String {
        "Done. PASS=\(passCount) WARN=0 ERROR=\(errorCount) SKIP=\(skipCount) TOTAL=\(results.count)"
    }
}
