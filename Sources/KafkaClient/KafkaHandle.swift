internal import CRdKafka
import Logging

/// The one owner of an `rd_kafka_t` (producer or consumer), destroyed in `deinit`, and of the callback context
/// librdkafka points to.
///
/// `@unchecked Sendable` because librdkafka documents `rd_kafka_t` as thread-safe: every `rd_kafka_*` call on it
/// may come from any thread. The box holds nothing else mutable.
final class KafkaHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    /// Retained here; librdkafka holds it unretained as the handle's opaque, so it must outlive `rd_kafka_destroy`.
    let context: KafkaHandleContext

    /// Creates a handle of `type` from `configuration`, routing logs and errors into `context`.
    init(
        type: rd_kafka_type_t, configuration: KafkaConfiguration, context: KafkaHandleContext,
        operation: String, setCallbacks: (OpaquePointer) -> Void = { _ in }
    ) throws(KafkaError) {
        // Until rd_kafka_new succeeds the conf is ours to destroy; on success the handle owns it.
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(kind: .fatal, detail: "rd_kafka_conf_new returned NULL", operation: operation)
        }
        var errorText = [CChar](repeating: 0, count: 512)
        for (name, value) in configuration.properties.sorted(by: { $0.key < $1.key }) {
            let result = rd_kafka_conf_set(conf, name, value, &errorText, errorText.count)
            guard result == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(conf)
                throw KafkaError(
                    kind: .invalidConfiguration, detail: Self.string(errorText), operation: "\(operation): \(name)")
            }
        }
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(context).toOpaque())
        rd_kafka_conf_set_log_cb(conf, kafkaLogCallback)
        rd_kafka_conf_set_error_cb(conf, kafkaErrorCallback)
        setCallbacks(conf)
        guard let handle = rd_kafka_new(type, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError(kind: .invalidConfiguration, detail: Self.string(errorText), operation: operation)
        }
        self.pointer = handle
        self.context = context
    }

    deinit {
        rd_kafka_destroy(pointer)
    }

    static func string(_ buffer: [CChar]) -> String {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The context of a handle's callbacks, reached through `rd_kafka_opaque`.
///
/// Called from librdkafka's threads (logs) and from the thread polling the handle (errors, deliveries,
/// rebalances), so everything in it is immutable or behind a lock.
final class KafkaHandleContext: Sendable {
    let logger: Logger
    /// The most recent errors librdkafka reported outside of any one call (error_cb), newest last.
    let errors = KafkaErrorLog()
    /// The producer's delivery reports; nil for a consumer.
    let deliveries: KafkaDeliveryTracker?
    /// The consumer's rebalance handler; nil for a producer.
    let rebalance: KafkaRebalance?

    init(logger: Logger, deliveries: KafkaDeliveryTracker? = nil, rebalance: KafkaRebalance? = nil) {
        self.logger = logger
        self.deliveries = deliveries
        self.rebalance = rebalance
    }

    /// The context of `handle`, set as its opaque when it was created.
    static func of(_ handle: OpaquePointer?) -> KafkaHandleContext? {
        guard let handle, let opaque = rd_kafka_opaque(handle) else { return nil }
        return Unmanaged<KafkaHandleContext>.fromOpaque(opaque).takeUnretainedValue()
    }
}
