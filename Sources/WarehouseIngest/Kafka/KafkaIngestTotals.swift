public import KafkaClient

/// What an ingest run did.
public struct KafkaIngestTotals: Sendable, Hashable {
    public var loaded = 0
    public var rejected = 0
    /// Messages read again (after a restart or a rebalance) that were already loaded, and were dropped.
    public var alreadyLoaded = 0
    public var batches = 0
    /// Every partition this run was assigned at some point.
    public var partitions: Set<KafkaTopicPartition> = []

    public init() {}

    /// Messages this run stored, as rows or as rejects.
    public var stored: Int { loaded + rejected }
}
