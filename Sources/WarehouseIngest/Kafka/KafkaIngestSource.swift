public import KafkaClient

/// One Kafka source to ingest: what to read (brokers, topics, group) and where it lands.
public struct KafkaIngestSource: Sendable {
    public var target: KafkaIngestTarget
    public var topics: [String]
    public var group: String
    /// The brokers and any librdkafka properties (SASL, SSL, timeouts).
    public var kafka: KafkaConfiguration
    /// The most messages one batch (one transaction) holds.
    public var batchSize: Int
    /// How long a batch waits to fill before it is written anyway.
    public var linger: Duration

    public init(
        target: KafkaIngestTarget, topics: [String], group: String, kafka: KafkaConfiguration, batchSize: Int = 5000,
        linger: Duration = .milliseconds(100)
    ) {
        self.target = target
        self.topics = topics
        self.group = group
        self.kafka = kafka
        self.batchSize = batchSize
        self.linger = linger
    }
}

/// When `wh ingest kafka` stops.
public enum KafkaIngestMode: Sendable, Hashable {
    /// Once every assigned partition's stored offset reached its end, as read after a batch that did not fill.
    case untilCaughtUp
    /// Never by itself: until a signal (or `maxMessages`).
    case follow
}

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
