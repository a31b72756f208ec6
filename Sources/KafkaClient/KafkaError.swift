/// What went wrong talking to Kafka: a kind tests and callers can match, librdkafka's code and text, and the
/// operation that failed.
///
/// ```
/// consume from orders: no Kafka broker is reachable: check the bootstrap address (127.0.0.1:1) and that the
/// brokers are up (librdkafka: 1/1 brokers are down, code -187)
/// ```
public struct KafkaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of failure a caller reacts to differently.
    public enum Kind: Sendable, Equatable {
        /// No broker answers: a wrong bootstrap address, a name that does not resolve, all brokers down.
        case brokersUnreachable
        /// The topic or partition does not exist on the cluster.
        case unknownTopicOrPartition
        /// SASL or SSL authentication was refused.
        case authenticationFailed
        /// The credentials are valid but not allowed to use the topic or group.
        case notAuthorized
        /// The message is larger than the producer or broker accepts (`message.max.bytes`).
        case messageTooLarge
        /// The operation did not finish within its time limit.
        case timedOut
        /// The consumer asked for an offset the broker no longer (or not yet) has.
        case offsetOutOfRange
        /// A property is unknown or has an invalid value, or an argument is out of range.
        case invalidConfiguration
        /// The client cannot go on (librdkafka's fatal error, e.g. an idempotent producer's sequence gap).
        case fatal
        /// Anything else; ``KafkaError/code`` and ``KafkaError/detail`` say what.
        case other
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// librdkafka's `rd_kafka_resp_err_t` value; 0 when the failure has no code (a configuration error).
    public let code: Int32
    /// librdkafka's own text (`rd_kafka_err2str`, or the error string it filled in).
    public let detail: String
    /// What was being done: `produce to orders`, `create the Kafka consumer`.
    public let operation: String

    /// Creates an error; librdkafka's codes are mapped to kinds by the library itself.
    public init(kind: Kind, code: Int32 = 0, detail: String, operation: String) {
        self.kind = kind
        self.code = code
        self.detail = detail
        self.operation = operation
    }

    /// Whether retrying the same operation later can succeed (brokers coming back, a timeout).
    public var isTransient: Bool {
        kind == .brokersUnreachable || kind == .timedOut
    }

    /// The failure in words: the operation, what it means, librdkafka's text and code.
    public var description: String {
        "\(operation): \(meaning) (librdkafka: \(detail)\(code == 0 ? "" : ", code \(code)"))"
    }

    private var meaning: String {
        switch kind {
        case .brokersUnreachable:
            "no Kafka broker is reachable: check the bootstrap address and that the brokers are up"
        case .unknownTopicOrPartition: "the topic or partition does not exist on the cluster"
        case .authenticationFailed: "authentication failed: check the SASL/SSL properties and credentials"
        case .notAuthorized: "not authorized: the credentials may not use this topic or group"
        case .messageTooLarge: "the message is larger than the producer or broker accepts (message.max.bytes)"
        case .timedOut: "timed out"
        case .offsetOutOfRange: "the offset is out of range: the broker no longer (or does not yet) hold it"
        case .invalidConfiguration: "invalid configuration"
        case .fatal: "the Kafka client hit a fatal error and cannot continue"
        case .other: "Kafka error"
        }
    }
}
