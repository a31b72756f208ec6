internal import CRdKafka
public import Logging

/// A Kafka producer: an idempotent librdkafka producer whose every message gets a delivery report.
///
/// ```swift
/// let producer = try KafkaProducer(configuration: .init(bootstrapServers: address), logger: logger)
/// for event in events { try producer.produce(topic: "orders", key: event.key, value: event.json) }
/// let counts = try producer.flush(timeout: .seconds(30))   // every message acknowledged or failed
/// guard counts.failed == 0 else { throw counts.firstFailure!.error! }
/// ```
///
/// Defaults, overridable through the configuration: `enable.idempotence=true` (no duplicates or reordering from
/// retries), `linger.ms=5`. Delivery reports are served by ``produce(topic:partition:key:value:headers:timeout:)``
/// (now and then), ``poll(timeout:)`` and ``flush(timeout:)``, on the calling thread: call them from a thread you
/// own, since they block (see ``KafkaThread``). The handle is thread-safe, so one producer may be shared.
public final class KafkaProducer: Sendable {
    private let handle: KafkaHandle
    private let tracker: KafkaDeliveryTracker

    /// Creates a producer; `onDelivery` (if any) gets every delivery report, on the thread serving them.
    ///
    /// - Throws: ``KafkaError`` of kind `.invalidConfiguration` for an unknown property or a bad value.
    public init(
        configuration: KafkaConfiguration, logger: Logger,
        onDelivery: (@Sendable (KafkaDeliveryReport) -> Void)? = nil
    ) throws(KafkaError) {
        let tracker = KafkaDeliveryTracker(handler: onDelivery)
        let context = KafkaHandleContext(logger: logger, deliveries: tracker)
        self.tracker = tracker
        self.handle = try KafkaHandle(
            type: RD_KAFKA_PRODUCER,
            configuration: configuration.with(defaults: ["enable.idempotence": "true", "linger.ms": "5"]),
            context: context, operation: "create the Kafka producer",
            setCallbacks: { conf in rd_kafka_conf_set_dr_msg_cb(conf, kafkaDeliveryCallback) })
    }

    /// Queues a message for `topic` and returns its id (the id its ``KafkaDeliveryReport`` carries).
    ///
    /// - Parameters:
    ///   - partition: the partition to write to; nil lets the partitioner choose from the key (random without one).
    ///   - timeout: how long to wait for room when librdkafka's queue is full (`queue.buffering.max.messages`),
    ///     serving delivery reports meanwhile.
    /// - Throws: ``KafkaError``: `.messageTooLarge`, `.unknownTopicOrPartition`, `.timedOut` (queue still full),
    ///   `.fatal`. Failures after queueing arrive as delivery reports instead.
    @discardableResult
    public func produce(
        topic: String, partition: Int32? = nil, key: [UInt8]? = nil, value: [UInt8], headers: [KafkaHeader] = [],
        timeout: Duration = .seconds(30)
    ) throws(KafkaError) -> UInt64 {
        let id = tracker.produced()
        let deadline = ContinuousClock.now + timeout
        while true {
            let error = enqueue(id: id, topic: topic, partition: partition, key: key, value: value, headers: headers)
            guard let error else { break }
            guard error.code == RD_KAFKA_RESP_ERR__QUEUE_FULL.rawValue, ContinuousClock.now < deadline else {
                tracker.unproduced()
                throw error
            }
            rd_kafka_poll(handle.pointer, 50)
        }
        // Serve delivery reports now and then so their queue stays short without a poll per message.
        if id % 1024 == 0 { rd_kafka_poll(handle.pointer, 0) }
        return id
    }

    /// Serves delivery reports (and errors) for up to `timeout`; returns how many events were served.
    ///
    /// Blocks.
    @discardableResult
    public func poll(timeout: Duration = .zero) -> Int {
        Int(rd_kafka_poll(handle.pointer, timeout.kafkaMilliseconds))
    }

    /// Waits until every queued message is acknowledged or failed, at most `timeout`.
    ///
    /// Serves delivery reports meanwhile. Blocks.
    ///
    /// - Returns: the counts once nothing is pending; check `failed` (and `firstFailure`) for messages that were not
    ///   delivered.
    /// - Throws: ``KafkaError`` when messages are still pending at the deadline: `.brokersUnreachable` when
    ///   librdkafka reported the brokers down meanwhile, `.timedOut` otherwise.
    @discardableResult
    public func flush(timeout: Duration) throws(KafkaError) -> KafkaDeliveryCounts {
        let result = rd_kafka_flush(handle.pointer, timeout.kafkaMilliseconds)
        let counts = tracker.current
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let pending = Int(rd_kafka_outq_len(handle.pointer))
            let operation = "flush the Kafka producer (\(pending) messages still unacknowledged after \(timeout))"
            if let unreachable = handle.context.errors.latest(.brokersUnreachable) {
                throw KafkaError(
                    kind: .brokersUnreachable, code: unreachable.code, detail: unreachable.detail, operation: operation)
            }
            throw KafkaError(code: result, operation: operation)
        }
        return counts
    }

    /// The producer's counts so far: produced, acknowledged, failed, pending.
    public var deliveryCounts: KafkaDeliveryCounts { tracker.current }

    /// Hands one message to `rd_kafka_produceva`; nil when it is queued.
    private func enqueue(
        id: UInt64, topic: String, partition: Int32?, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader]
    ) -> KafkaError? {
        // The header list is ours until produceva succeeds; then librdkafka owns (and frees) it.
        let headerList: OpaquePointer? = headers.isEmpty ? nil : rd_kafka_headers_new(headers.count)
        if let headerList {
            for header in headers {
                if let bytes = header.value {
                    bytes.withUnsafeBytes { raw in
                        _ = rd_kafka_header_add(headerList, header.name, -1, raw.baseAddress, raw.count)
                    }
                } else {
                    _ = rd_kafka_header_add(headerList, header.name, -1, nil, 0)
                }
            }
        }
        let error: OpaquePointer? = topic.withCString { topicName in
            value.withUnsafeBytes { valueBytes in
                (key ?? []).withUnsafeBytes { keyBytes in
                    var fields = [rd_kafka_vu_t](repeating: rd_kafka_vu_t(), count: 5)
                    fields[0].vtype = RD_KAFKA_VTYPE_TOPIC
                    fields[0].u.cstr = topicName
                    fields[1].vtype = RD_KAFKA_VTYPE_PARTITION
                    fields[1].u.i32 = partition ?? RD_KAFKA_PARTITION_UA
                    // The bytes are copied (F_COPY): the caller's buffers are free once this returns.
                    fields[2].vtype = RD_KAFKA_VTYPE_MSGFLAGS
                    fields[2].u.i = RD_KAFKA_MSG_F_COPY
                    fields[3].vtype = RD_KAFKA_VTYPE_VALUE
                    fields[3].u.mem.ptr = UnsafeMutableRawPointer(mutating: valueBytes.baseAddress)
                    fields[3].u.mem.size = valueBytes.count
                    fields[4].vtype = RD_KAFKA_VTYPE_OPAQUE
                    fields[4].u.ptr = UnsafeMutableRawPointer(bitPattern: UInt(id))
                    if key != nil {
                        var keyField = rd_kafka_vu_t()
                        keyField.vtype = RD_KAFKA_VTYPE_KEY
                        keyField.u.mem.ptr = UnsafeMutableRawPointer(mutating: keyBytes.baseAddress)
                        keyField.u.mem.size = keyBytes.count
                        fields.append(keyField)
                    }
                    if let headerList {
                        var headerField = rd_kafka_vu_t()
                        headerField.vtype = RD_KAFKA_VTYPE_HEADERS
                        headerField.u.headers = headerList
                        fields.append(headerField)
                    }
                    return rd_kafka_produceva(handle.pointer, fields, fields.count)
                }
            }
        }
        guard let failure = KafkaError.consuming(error, operation: "produce to \(topic)") else { return nil }
        if let headerList { rd_kafka_headers_destroy(headerList) }
        return failure
    }
}

/// Delivery reports, served on the thread polling the producer, go to its tracker.
private let kafkaDeliveryCallback:
    @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
        handle, message, _ in
        guard let context = KafkaHandleContext.of(handle), let tracker = context.deliveries, let message else {
            return
        }
        let report = message.pointee
        let topic = report.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        let id = UInt64(UInt(bitPattern: report._private))
        let failed = report.err != RD_KAFKA_RESP_ERR_NO_ERROR
        tracker.record(
            KafkaDeliveryReport(
                id: id, topicPartition: KafkaTopicPartition(topic: topic, partition: report.partition),
                offset: failed || report.offset < 0 ? nil : report.offset,
                error: failed ? KafkaError(code: report.err, operation: "deliver message \(id) to \(topic)") : nil))
    }

extension Duration {
    /// Whole milliseconds for librdkafka's `int timeout_ms`, clamped to its range (negative means zero).
    var kafkaMilliseconds: Int32 {
        let (seconds, attoseconds) = components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, milliseconds))
    }
}
