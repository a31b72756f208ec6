/// What a ``KafkaConsumer``'s caller does when the group moves partitions: finish or abort its batch before
/// partitions are revoked, and choose where each newly assigned partition starts.
///
/// Both closures run inside ``KafkaConsumer/poll(maxMessages:linger:)`` (or ``KafkaConsumer/close()``), on the
/// thread calling it, before that call returns: the caller's loop is between batches then, so the previous batch
/// is already stored or abandoned.
///
/// ```swift
/// KafkaRebalanceHandler(
///     revoked: { partitions in log("losing \(partitions)") },
///     assigned: { partitions in try! storedOffsets(for: partitions) })   // [partition: next offset to read]
/// ```
public struct KafkaRebalanceHandler: Sendable {
    /// Called with the partitions about to be taken away (or lost), before they are.
    public var revoked: @Sendable ([KafkaTopicPartition]) -> Void
    /// Called with newly assigned partitions; returns the offset to start each at.
    ///
    /// The offset is the next one to read, as stored elsewhere. Partitions left out start at the group's committed offset, or per `auto.offset.reset`
    /// (`earliest` by default) when there is none. ``KafkaConsumer/offsetBeginning`` and
    /// ``KafkaConsumer/offsetEnd`` are accepted too.
    public var assigned: @Sendable ([KafkaTopicPartition]) -> [KafkaTopicPartition: Int64]

    /// Creates a handler; by default nothing happens on revocation and assigned partitions start at the committed
    /// offset.
    public init(
        revoked: @escaping @Sendable ([KafkaTopicPartition]) -> Void = { _ in },
        assigned: @escaping @Sendable ([KafkaTopicPartition]) -> [KafkaTopicPartition: Int64] = { _ in [:] }
    ) {
        self.revoked = revoked
        self.assigned = assigned
    }
}
