import Foundation
import WarehouseCore

/// One progress report of a run, with the line dbt would print for it.
public struct ProgressEvent: Sendable {
    public enum Kind: Sendable {
        case started
        /// Finished, failed or skipped; the result says which.
        case finished(NodeResult)
        /// A batch of a microbatch model started or ended; `index` and `total` count the model's batches.
        case batch(MicrobatchBatchReport)
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
    /// for data tests `5 of 9 PASS not_null_orders_order_id ... [PASS in 0.03s]`, `FAIL 3 ...`, `WARN 2 ...`; a seed
    /// reads `1 of 3 OK loaded seed file bronze.retail_history ...... [INSERT 5127 in 0.12s]`, as in dbt.
    public var line: String {
        if case .batch(let report) = kind { return "Batch " + Self.line(index, total, batchParts(report)) }
        return Self.line(index, total, [.test, .unit].contains(node.materialization) ? testParts : modelParts)
    }

    private static func line(_ index: Int, _ total: Int, _ parts: (text: String, status: String)) -> String {
        let (text, status) = parts
        let head = "\(index) of \(total) \(text) "
        let dots = String(repeating: ".", count: max(0, ProgressEvent.lineWidth - head.count))
        return "\(head)\(dots) [\(status)]"
    }

    private var modelParts: (text: String, status: String) {
        let isMicrobatch = node.incremental?.microbatch != nil
        let (description, done, doing): (String, String, String) =
            switch node.materialization {
            case .seed: ("seed file \(node.displayRelation)", "loaded", "loading")
            case .snapshot: ("snapshot \(node.displayRelation)", "snapshotted", "snapshotting")
            default:
                (
                    "sql \(isMicrobatch ? "microbatch" : node.materialization.rawValue) \(node.resourceType.rawValue) "
                        + node.displayRelation, "created", "creating"
                )
            }
        guard case .finished(let result) = kind else { return ("START \(description)", "RUN") }
        let seconds = ProgressEvent.seconds(result)
        switch result.status {
        case .success where isMicrobatch: return ("OK created \(description)", "SUCCESS in \(seconds)")
        case .partialSuccess: return ("PARTIALLY created \(description)", "\(result.message) in \(seconds)")
        case .success, .pass, .warn:
            return ("OK \(done) \(description)", "\(result.commandTag ?? "OK") in \(seconds)")
        case .error, .fail: return ("ERROR \(doing) \(description)", "ERROR in \(seconds)")
        case .skipped: return ("SKIP relation \(node.displayRelation)", "SKIP")
        }
    }

    private var testParts: (text: String, status: String) {
        guard case .finished(let result) = kind else { return ("START test \(node.name)", "RUN") }
        let seconds = ProgressEvent.seconds(result)
        let failures = result.failures.map(String.init) ?? "0"
        switch result.status {
        case .success, .pass, .partialSuccess: return ("PASS \(node.name)", "PASS in \(seconds)")
        case .warn: return ("WARN \(failures) \(node.name)", "WARN \(failures) in \(seconds)")
        case .fail: return ("FAIL \(failures) \(node.name)", "FAIL \(failures) in \(seconds)")
        case .error: return ("ERROR \(node.name)", "ERROR in \(seconds)")
        case .skipped: return ("SKIP test \(node.name)", "SKIP")
        }
    }

    /// dbt's batch lines: `START batch 2024-10-02 of analytics.orders`, `OK created batch ...` with the statement's
    /// command tag, `ERROR creating batch ...`.
    private func batchParts(_ report: MicrobatchBatchReport) -> (text: String, status: String) {
        let description = "batch \(report.label) of \(node.displayRelation)"
        switch report.outcome {
        case .started: return ("START \(description)", "RUN")
        case .succeeded(let commandTag, let seconds):
            return ("OK created \(description)", "\(commandTag ?? "OK") in \(String(format: "%.2fs", seconds))")
        case .failed(_, let seconds):
            return ("ERROR creating \(description)", "ERROR in \(String(format: "%.2fs", seconds))")
        }
    }

    private static func seconds(_ result: NodeResult) -> String {
        String(format: "%.2fs", result.executionTime)
    }
}
