public import Foundation

/// A batch of a microbatch model starting or ending, as dbt reports it (`Batch 2 of 5 OK created batch 2024-10-02
/// of analytics.orders ... [MERGE 12 in 0.04s]`).
public struct MicrobatchBatchReport: Sendable {
    public enum Outcome: Sendable {
        case started
        /// The batch's rows are in the table; the statement's command tag.
        case succeeded(commandTag: String?, seconds: TimeInterval)
        /// The batch rolled back.
        case failed(ModelExecutionError, seconds: TimeInterval)
    }

    public var batch: MicrobatchBatch
    /// dbt's name for the batch: `2024-10-02`, `2024-10-02T13`, `2024-10`, `2024`.
    public var label: String
    /// 1-based, in time order.
    public var index: Int
    public var total: Int
    public var outcome: Outcome
}
