internal import CRdKafka
import Logging
import Synchronization

/// Sends librdkafka's log lines to the handle's logger (swift-log), not to stderr.
///
/// syslog levels: 0 emergency .. 7 debug.
let kafkaLogCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
    handle, level, facility, text in
    guard let context = KafkaHandleContext.of(handle) else { return }
    let logLevel: Logger.Level =
        switch level {
        case ...2: .critical
        case 3: .error
        case 4: .warning
        case 5: .notice
        case 6: .info
        default: .debug
        }
    let message = text.map { String(cString: $0) } ?? ""
    let facilityName = facility.map { String(cString: $0) } ?? ""
    context.logger.log(level: logLevel, "\(message)", metadata: ["kafka.facility": "\(facilityName)"])
}

/// Errors librdkafka reports outside of any call (brokers down, authentication) are kept for the next call to
/// report, and logged.
let kafkaErrorCallback:
    @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void =
        { handle, code, reason, _ in
            guard let context = KafkaHandleContext.of(handle) else { return }
            let text = reason.map { String(cString: $0) } ?? ""
            let error = KafkaError(code: rd_kafka_resp_err_t(rawValue: code), operation: "Kafka client", detail: text)
            context.logger.warning("\(error)")
            context.errors.record(error)
        }

/// The errors librdkafka reported through error_cb, the most recent few.
final class KafkaErrorLog: Sendable {
    private let recent = Mutex<[KafkaError]>([])

    func record(_ error: KafkaError) {
        recent.withLock { list in
            list.append(error)
            if list.count > 16 { list.removeFirst(list.count - 16) }
        }
    }

    /// Removes and returns the errors recorded so far.
    func take() -> [KafkaError] {
        recent.withLock { list in
            defer { list = [] }
            return list
        }
    }

    /// The most recent error of `kind`, if any, left in place.
    func latest(_ kind: KafkaError.Kind) -> KafkaError? {
        recent.withLock { list in list.last { $0.kind == kind } }
    }
}
