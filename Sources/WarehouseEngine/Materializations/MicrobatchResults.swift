/// Which batches of a microbatch model a run built and which failed: dbt's `batch_results` in `run_results.json`.
public struct MicrobatchResults: Sendable {
    public var successful: [MicrobatchBatch]
    public var failed: [MicrobatchBatch]
    /// The first failure, in time order: what the run reports as the node's error.
    public var firstError: ModelExecutionError?

    public init(
        successful: [MicrobatchBatch] = [], failed: [MicrobatchBatch] = [], firstError: ModelExecutionError? = nil
    ) {
        self.successful = successful
        self.failed = failed
        self.firstError = firstError
    }
}
