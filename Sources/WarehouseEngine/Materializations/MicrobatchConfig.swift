public import Foundation

/// A microbatch model's batches (dbt 1.9's `event_time`, `batch_size`, `begin`, `lookback`, `concurrent_batches`).
public struct MicrobatchConfig: Sendable, Hashable {
    /// The model's `event_time` column: which batch a row belongs to.
    public var eventTime: String
    public var batchSize: MicrobatchBatchSize
    /// The first instant the model covers (`begin`), in UTC.
    public var begin: Date
    /// How many batches before the current one a run without `--event-time-*` builds again (late rows); dbt's
    /// default is 1.
    public var lookback: Int
    /// `concurrent_batches`: `false` runs the batches one after another; `nil` runs them in parallel unless the
    /// model reads its own table (`{{ this }}`), as dbt decides.
    public var concurrentBatches: Bool?

    public init(
        eventTime: String, batchSize: MicrobatchBatchSize, begin: Date, lookback: Int = 1,
        concurrentBatches: Bool? = nil
    ) {
        self.eventTime = eventTime
        self.batchSize = batchSize
        self.begin = begin
        self.lookback = lookback
        self.concurrentBatches = concurrentBatches
    }
}
