/// A message read by a ``KafkaConsumer``: where it is in the log, its key, value, headers and timestamp.
public struct KafkaMessage: Sendable, Equatable {
    /// The topic it was read from.
    public var topic: String
    /// The partition it was read from.
    public var partition: Int32
    /// Its offset in the partition; the next one to read is `offset + 1`.
    public var offset: Int64
    /// The key's bytes, or nil when the message has no key.
    public var key: [UInt8]?
    /// The value's bytes (empty for a message without a value).
    public var value: [UInt8]
    /// Its headers in the order they were produced; a name may repeat.
    public var headers: [KafkaHeader]
    /// Milliseconds since 1970 (the producer's create time or the broker's append time), nil when absent.
    public var timestampMilliseconds: Int64?

    /// Creates a message, for tests and for callers replaying stored messages.
    public init(
        topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader] = [],
        timestampMilliseconds: Int64? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMilliseconds = timestampMilliseconds
    }

    /// The message's topic and partition.
    public var topicPartition: KafkaTopicPartition { KafkaTopicPartition(topic: topic, partition: partition) }
}

/// A message header: a name and an optional value.
public struct KafkaHeader: Sendable, Equatable, Hashable {
    /// The header's name.
    public var name: String
    /// The header's bytes, or nil for a header without a value.
    public var value: [UInt8]?

    /// Creates a header.
    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }
}
