internal import CRdKafka

extension KafkaError {
    /// The error for librdkafka's `code`, with its text unless `detail` says more.
    init(code: rd_kafka_resp_err_t, operation: String, detail: String? = nil) {
        let text = detail ?? String(cString: rd_kafka_err2str(code))
        self.init(kind: Self.kind(of: code), code: code.rawValue, detail: text, operation: operation)
    }

    /// The error a `rd_kafka_error_t` describes; the caller still owns (and destroys) `error`.
    init(error: OpaquePointer, operation: String) {
        let code = rd_kafka_error_code(error)
        let text = rd_kafka_error_string(error).map { String(cString: $0) } ?? String(cString: rd_kafka_err2str(code))
        self.init(
            kind: rd_kafka_error_is_fatal(error) != 0 ? .fatal : Self.kind(of: code), code: code.rawValue,
            detail: text, operation: operation)
    }

    /// Takes a `rd_kafka_error_t` returned by librdkafka (owned by the caller), destroys it, and returns the error
    /// it held, or nil for NULL (success).
    static func consuming(_ error: OpaquePointer?, operation: String) -> KafkaError? {
        guard let error else { return nil }
        defer { rd_kafka_error_destroy(error) }
        return KafkaError(error: error, operation: operation)
    }

    static func kind(of code: rd_kafka_resp_err_t) -> Kind {
        switch code {
        case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__RESOLVE,
            RD_KAFKA_RESP_ERR__DESTROY, RD_KAFKA_RESP_ERR_BROKER_NOT_AVAILABLE:
            .brokersUnreachable
        case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
            RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
            .unknownTopicOrPartition
        case RD_KAFKA_RESP_ERR__AUTHENTICATION, RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED,
            RD_KAFKA_RESP_ERR__SSL, RD_KAFKA_RESP_ERR_ILLEGAL_SASL_STATE, RD_KAFKA_RESP_ERR_UNSUPPORTED_SASL_MECHANISM:
            .authenticationFailed
        case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED,
            RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED:
            .notAuthorized
        case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE:
            .messageTooLarge
        case RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
            RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE:
            .timedOut
        case RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE, RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET:
            .offsetOutOfRange
        case RD_KAFKA_RESP_ERR__INVALID_ARG, RD_KAFKA_RESP_ERR__INVALID_TYPE, RD_KAFKA_RESP_ERR__UNKNOWN_GROUP,
            RD_KAFKA_RESP_ERR_INVALID_CONFIG:
            .invalidConfiguration
        case RD_KAFKA_RESP_ERR__FATAL:
            .fatal
        default:
            .other
        }
    }
}
