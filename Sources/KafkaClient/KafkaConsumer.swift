internal import CRdKafka
public import Logging
import Synchronization

/// A member of a Kafka consumer group that reads batches of messages and leaves offset storage to its caller.
///
/// Offsets are the caller's: `enable.auto.commit=false` and `enable.auto.offset.store=false` are forced, a
/// ``KafkaRebalanceHandler`` chooses where each assigned partition starts (offsets the caller stored elsewhere,
/// e.g. in the same database transaction as the data), and ``commit(_:)`` only tells the group how far the
/// caller got, for lag monitoring. Any other librdkafka property passes through (`security.protocol`, `sasl.*`,
/// `session.timeout.ms`, `auto.offset.reset` — `earliest` unless set, `partition.assignment.strategy` —
/// cooperative strategies are handled too).
///
/// ```swift
/// let consumer = try KafkaConsumer(
///     configuration: .init(bootstrapServers: address), groupID: "ingest", logger: logger,
///     rebalance: KafkaRebalanceHandler(assigned: { partitions in storedOffsets(partitions) }))
/// try consumer.subscribe(to: ["orders"])
/// while running {
///     let batch = try consumer.poll(maxMessages: 10_000, linger: .milliseconds(200))
///     try store(batch)   // the data and the next offsets, in one transaction
/// }
/// try consumer.close()
/// ```
///
/// ``poll(maxMessages:linger:)``, ``commit(_:)``, ``watermarks(topic:partition:timeout:)`` and ``close()`` block:
/// call them from a thread you own (see ``KafkaThread``), one poller at a time. The handle itself is thread-safe.
public final class KafkaConsumer: Sendable {
    /// Start a partition at its first offset still held by the broker.
    public static let offsetBeginning = Int64(RD_KAFKA_OFFSET_BEGINNING)
    /// Start a partition at its end: only messages produced from now on.
    public static let offsetEnd = Int64(RD_KAFKA_OFFSET_END)

    private let handle: KafkaHandle
    private let rebalance: KafkaRebalance
    /// An error met while a batch was being gathered, reported by the next poll so the batch is not lost.
    private let deferredError = Mutex<KafkaError?>(nil)
    private let closed = Atomic<Bool>(false)

    /// Creates a consumer in group `groupID`; it joins the group on ``subscribe(to:)``.
    ///
    /// - Throws: ``KafkaError`` of kind `.invalidConfiguration` for an unknown property or a bad value.
    public init(
        configuration: KafkaConfiguration, groupID: String, logger: Logger,
        rebalance handler: KafkaRebalanceHandler = KafkaRebalanceHandler()
    ) throws(KafkaError) {
        var properties = configuration.with(defaults: ["auto.offset.reset": "earliest"])
        properties["group.id"] = groupID
        properties["enable.auto.commit"] = "false"
        properties["enable.auto.offset.store"] = "false"
        let rebalance = KafkaRebalance(handler: handler)
        self.rebalance = rebalance
        self.handle = try KafkaHandle(
            type: RD_KAFKA_CONSUMER, configuration: properties,
            context: KafkaHandleContext(logger: logger, rebalance: rebalance),
            operation: "create the Kafka consumer",
            setCallbacks: { conf in rd_kafka_conf_set_rebalance_cb(conf, kafkaRebalanceCallback) })
        // One queue for messages, errors and rebalances, all served by rd_kafka_consumer_poll.
        rd_kafka_poll_set_consumer(handle.pointer)
    }

    deinit {
        if !closed.load(ordering: .acquiring) { rd_kafka_consumer_close(handle.pointer) }
    }

    /// Subscribes to `topics` (replacing any earlier subscription); partitions arrive through the rebalance
    /// handler during the following polls (joining a group takes a few seconds).
    public func subscribe(to topics: [String]) throws(KafkaError) {
        let list = KafkaPartitionList(
            topics.map { (KafkaTopicPartition(topic: $0, partition: RD_KAFKA_PARTITION_UA), nil) })
        let result = rd_kafka_subscribe(handle.pointer, list.pointer)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: result, operation: "subscribe to \(topics.joined(separator: ", "))")
        }
    }

    /// Reads up to `maxMessages` messages, waiting at most `linger` for them.
    ///
    /// Serves rebalances meanwhile, and blocks.
    /// Returns early (possibly empty) when partitions are revoked during the call, without their messages: every
    /// message returned belongs to a partition still assigned when the call returns.
    ///
    /// - Throws: ``KafkaError`` for errors that need the caller: `.brokersUnreachable` (the consumer keeps trying;
    ///   poll again to go on waiting), `.unknownTopicOrPartition`, `.authenticationFailed`, `.notAuthorized`,
    ///   `.offsetOutOfRange`, `.fatal`. An error met after some messages were gathered is thrown by the next call,
    ///   after those messages are returned.
    public func poll(maxMessages: Int, linger: Duration) throws(KafkaError) -> [KafkaMessage] {
        if let error = deferredError.withLock({ error in
            defer { error = nil }; return error
        }) {
            throw error
        }
        let deadline = ContinuousClock.now + linger
        var batch: [KafkaMessage] = []
        batch.reserveCapacity(min(maxMessages, 65_536))
        _ = rebalance.takeRevoked()
        // Topic names by librdkafka topic handle (kept alive by the consumer while it fetches the topic), so a batch
        // makes one String per topic rather than one per message.
        var topicNames: [OpaquePointer: String] = [:]
        while batch.count < maxMessages {
            // Past the deadline, polls take only what is already fetched (timeout 0) and stop at the first gap.
            let remaining = deadline - ContinuousClock.now
            let message = rd_kafka_consumer_poll(handle.pointer, remaining.kafkaMilliseconds)
            let revoked = rebalance.takeRevoked()
            if !revoked.isEmpty {
                if let message { rd_kafka_message_destroy(message) }
                batch.removeAll { revoked.contains($0.topicPartition) }
                return batch
            }
            if let error = pendingError() {
                if let message { rd_kafka_message_destroy(message) }
                if batch.isEmpty { throw error }
                deferredError.withLock { $0 = error }
                return batch
            }
            guard let message else {
                if remaining <= .zero { break }
                continue
            }
            defer { rd_kafka_message_destroy(message) }
            if message.pointee.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                guard let error = Self.error(of: message) else { continue }
                if batch.isEmpty { throw error }
                deferredError.withLock { $0 = error }
                return batch
            }
            batch.append(Self.message(message, topicNames: &topicNames))
        }
        return batch
    }

    /// Tells the group how far the caller got: `offsets` maps partitions to the next offset to read.
    ///
    /// Synchronous; blocks. For lag monitoring only: where reading starts is the rebalance handler's choice.
    public func commit(_ offsets: [KafkaTopicPartition: Int64]) throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        let list = KafkaPartitionList(offsets.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        let result = rd_kafka_commit(handle.pointer, list.pointer, 0)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR || result == RD_KAFKA_RESP_ERR__NO_OFFSET else {
            throw KafkaError(code: result, operation: "commit offsets")
        }
    }

    /// The offsets the group has committed for `partitions` (nil where none).
    ///
    /// Asks the group coordinator; blocks.
    public func committed(_ partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)) throws(KafkaError)
        -> [KafkaTopicPartition: Int64?]
    {
        let list = KafkaPartitionList(partitions.map { ($0, nil) })
        let result = rd_kafka_committed(handle.pointer, list.pointer, timeout.kafkaMilliseconds)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: result, operation: "read committed offsets")
        }
        var offsets: [KafkaTopicPartition: Int64?] = [:]
        for element in list.elements { offsets[element.0] = element.offset >= 0 ? element.offset : nil }
        return offsets
    }

    /// The lowest offset the broker still holds and the offset the next message will get (the end).
    ///
    /// Asks the partition's leader; blocks.
    public func watermarks(topic: String, partition: Int32, timeout: Duration = .seconds(10)) throws(KafkaError)
        -> (low: Int64, high: Int64)
    {
        var low: Int64 = 0
        var high: Int64 = 0
        let result = rd_kafka_query_watermark_offsets(
            handle.pointer, topic, partition, &low, &high, timeout.kafkaMilliseconds)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: result, operation: "read the watermarks of \(topic)[\(partition)]")
        }
        return (low, high)
    }

    /// The partitions of `topic`, as the cluster's metadata lists them.
    ///
    /// Asks a broker; blocks.
    public func partitions(of topic: String, timeout: Duration = .seconds(10)) throws(KafkaError) -> [Int32] {
        guard let handleTopic = rd_kafka_topic_new(handle.pointer, topic, nil) else {
            throw KafkaError(
                kind: .invalidConfiguration, detail: "cannot name topic \(topic)", operation: "read metadata")
        }
        // rd_kafka_topic_new hands out a reference the caller must give back.
        defer { rd_kafka_topic_destroy(handleTopic) }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let result = rd_kafka_metadata(handle.pointer, 0, handleTopic, &metadata, timeout.kafkaMilliseconds)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw KafkaError(code: result, operation: "read the metadata of \(topic)")
        }
        // rd_kafka_metadata hands the metadata to the caller.
        defer { rd_kafka_metadata_destroy(metadata) }
        let topics = UnsafeBufferPointer(start: metadata.pointee.topics, count: Int(metadata.pointee.topic_cnt))
        guard let entry = topics.first(where: { String(cString: $0.topic) == topic }) else { return [] }
        guard entry.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: entry.err, operation: "read the metadata of \(topic)")
        }
        return UnsafeBufferPointer(start: entry.partitions, count: Int(entry.partition_cnt)).map(\.id).sorted()
    }

    /// The partitions currently assigned to this consumer, sorted.
    public func assignment() throws(KafkaError) -> [KafkaTopicPartition] {
        var pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        let result = rd_kafka_assignment(handle.pointer, &pointer)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR, let pointer else {
            throw KafkaError(code: result, operation: "read the assignment")
        }
        // rd_kafka_assignment hands the list to the caller.
        return KafkaPartitionList(taking: pointer).elements.map(\.0).sorted()
    }

    /// Moves assigned partitions to new offsets (the next offset to read).
    ///
    /// For going back to the stored offset after a batch was abandoned. Blocks until the fetchers have moved.
    public func seek(_ offsets: [KafkaTopicPartition: Int64], timeout: Duration = .seconds(10)) throws(KafkaError) {
        let list = KafkaPartitionList(offsets.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        if let error = KafkaError.consuming(
            rd_kafka_seek_partitions(handle.pointer, list.pointer, timeout.kafkaMilliseconds), operation: "seek")
        {
            throw error
        }
        for element in list.elements where element.error != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(code: element.error, operation: "seek \(element.0) to \(element.offset)")
        }
    }

    /// Leaves the group (partitions are revoked through the handler first) and stops fetching.
    ///
    /// Blocks; later calls do nothing.
    public func close() throws(KafkaError) {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let result = rd_kafka_consumer_close(handle.pointer)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: result, operation: "close the consumer")
        }
    }

    /// The first error librdkafka reported through error_cb that the caller must hear about, if any.
    private func pendingError() -> KafkaError? {
        let errors = handle.context.errors.take()
        if let fatal = errors.first(where: { $0.kind == .fatal }) {
            var text = [CChar](repeating: 0, count: 512)
            let code = rd_kafka_fatal_error(handle.pointer, &text, text.count)
            return KafkaError(
                kind: .fatal, code: code.rawValue, detail: KafkaHandle.string(text), operation: fatal.operation)
        }
        return errors.first { [.brokersUnreachable, .authenticationFailed, .notAuthorized].contains($0.kind) }.map {
            KafkaError(kind: $0.kind, code: $0.code, detail: $0.detail, operation: "consume")
        }
    }

    /// The error a message event carries, or nil for one to skip (end of partition).
    private static func error(of message: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaError? {
        let code = message.pointee.err
        guard code != RD_KAFKA_RESP_ERR__PARTITION_EOF else { return nil }
        let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) }
        let text = String(cString: rd_kafka_message_errstr(message))
        let place = topic.map { " from \($0)\(message.pointee.partition >= 0 ? "[\(message.pointee.partition)]" : "")" }
        return KafkaError(code: code, operation: "consume\(place ?? "")", detail: text)
    }

    private static func message(
        _ message: UnsafeMutablePointer<rd_kafka_message_t>, topicNames: inout [OpaquePointer: String]
    ) -> KafkaMessage {
        let raw = message.pointee
        var topic = ""
        if let handle = raw.rkt {
            if let known = topicNames[handle] {
                topic = known
            } else {
                topic = String(cString: rd_kafka_topic_name(handle))
                topicNames[handle] = topic
            }
        }
        let value = raw.payload.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: raw.len)) } ?? []
        let key = raw.key.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: raw.key_len)) }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)
        return KafkaMessage(
            topic: topic, partition: raw.partition, offset: raw.offset, key: key, value: value,
            headers: headers(of: message),
            timestampMilliseconds: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp)
    }

    private static func headers(of message: UnsafeMutablePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        // The header list belongs to the message: read, never destroyed here.
        var list: OpaquePointer?
        guard rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return [] }
        var headers: [KafkaHeader] = []
        var index = 0
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            headers.append(
                KafkaHeader(
                    name: name.map { String(cString: $0) } ?? "",
                    value: value.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: size)) }))
            index += 1
        }
        return headers
    }
}
