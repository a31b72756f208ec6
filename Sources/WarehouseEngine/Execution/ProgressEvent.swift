import Foundation
import WarehouseCore

/// One progress report of a run, with the line dbt would print for it.
public struct ProgressEvent: Sendable {
    public enum Kind: Sendable {
        case started
        /// Finished, failed or skipped; the result says which.
        case finished(NodeResult)
    }

    public var kind: Kind
    public var node: ExecutionNode
    /// The node's 1-based place in the run, counted as nodes start or are skipped.
    public var index: Int
    /// How many nodes the run reports on (ephemeral models are not counted).
    public var total: Int

    /// The width dbt pads progress text to with dots.
    static let lineWidth = 80

    /// `3 of 27 START sql table model gold.dim_customer ...... [RUN]`, and the matching `OK`, `ERROR` and `SKIP` lines;
    /// a seed reads `1 of 3 OK loaded seed file bronze.retail_history ...... [INSERT 5127 in 0.12s]`, as in dbt.
    public var line: String {
        let isSeed = node.materialization == .seed
        let description =
            isSeed
            ? "seed file \(node.displayRelation)"
            : "sql \(node.materialization.rawValue) \(node.resourceType.rawValue) \(node.displayRelation)"
        let (text, status): (String, String)
        switch kind {
        case .started:
            (text, status) = ("START \(description)", "RUN")
        case .finished(let result):
            let seconds = String(format: "%.2fs", result.executionTime)
            switch result.status {
            case .success:
                (text, status) = (
                    "OK \(isSeed ? "loaded" : "created") \(description)", "\(result.commandTag ?? "OK") in \(seconds)"
                )
            case .error:
                (text, status) = ("ERROR \(isSeed ? "loading" : "creating") \(description)", "ERROR in \(seconds)")
            case .skipped: (text, status) = ("SKIP relation \(node.displayRelation)", "SKIP")
            }
        }
        let head = "\(index) of \(total) \(text) "
        let dots = String(repeating: ".", count: max(0, ProgressEvent.lineWidth - head.count))
        return "\(head)\(dots) [\(status)]"
    }
}
