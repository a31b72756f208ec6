/// The broker's answer for one produced message: where it was written, or why it was not.
public struct KafkaDeliveryReport: Sendable, Equatable {
    /// The id ``KafkaProducer/produce(topic:partition:key:value:headers:timeout:)`` returned for the message.
    public var id: UInt64
    /// The topic and partition the message went to (the partition is -1 when it failed before one was chosen).
    public var topicPartition: KafkaTopicPartition
    /// Its offset in the partition, or nil when it failed (or the offset is unknown).
    public var offset: Int64?
    /// Why it was not delivered; nil when the broker acknowledged it.
    public var error: KafkaError?
}

/// Counts of a producer's messages: acknowledged by the brokers, failed, and still waiting for an answer.
public struct KafkaDeliveryCounts: Sendable, Equatable {
    /// Messages handed to ``KafkaProducer/produce(topic:partition:key:value:headers:timeout:)``.
    public var produced: Int
    /// Messages the brokers acknowledged (written to every in-sync replica `acks` asks for).
    public var acknowledged: Int
    /// Messages that will not be delivered; ``firstFailure`` says why.
    public var failed: Int
    /// The first delivery failure, if any.
    public var firstFailure: KafkaDeliveryReport?

    /// Messages produced with no answer yet.
    public var pending: Int { produced - acknowledged - failed }
}
