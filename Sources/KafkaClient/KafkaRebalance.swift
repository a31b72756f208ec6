internal import CRdKafka
import Logging
import Synchronization

/// The consumer's side of librdkafka's rebalance callback: calls the caller's handler, applies the assignment
/// with the offsets it chose, and remembers revocations so a batch being gathered drops their messages.
final class KafkaRebalance: Sendable {
    let handler: KafkaRebalanceHandler
    private let revokedSincePollStarted = Mutex<Set<KafkaTopicPartition>>([])

    init(handler: KafkaRebalanceHandler) {
        self.handler = handler
    }

    /// Partitions revoked since the last call, which clears them.
    func takeRevoked() -> Set<KafkaTopicPartition> {
        revokedSincePollStarted.withLock { revoked in
            defer { revoked = [] }
            return revoked
        }
    }

    fileprivate func handle(
        handle: OpaquePointer, event: rd_kafka_resp_err_t,
        partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>,
        context: KafkaHandleContext
    ) {
        let list = KafkaPartitionList.topicPartitions(partitions)
        // NULL once the consumer has left its group (a revocation while it closes): handled as the eager protocol.
        let protocolName: UnsafePointer<CChar>? = rd_kafka_rebalance_protocol(handle)
        let cooperative = protocolName.map { String(cString: $0) } == "COOPERATIVE"
        switch event {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            let offsets = handler.assigned(list)
            for index in 0..<Int(partitions.pointee.cnt) {
                let element = partitions.pointee.elems.advanced(by: index)
                let key = KafkaTopicPartition(
                    topic: String(cString: element.pointee.topic), partition: element.pointee.partition)
                element.pointee.offset = offsets[key] ?? Int64(RD_KAFKA_OFFSET_INVALID)
            }
            context.logger.info("Kafka partitions assigned: \(list.map(\.description).joined(separator: ", "))")
            if cooperative {
                report(
                    KafkaError.consuming(rd_kafka_incremental_assign(handle, partitions), operation: "assign"), context)
            } else {
                report(rd_kafka_assign(handle, partitions), "assign partitions", context)
            }
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            handler.revoked(list)
            revokedSincePollStarted.withLock { $0.formUnion(list) }
            let lost = rd_kafka_assignment_lost(handle) != 0
            context.logger.info(
                "Kafka partitions \(lost ? "lost" : "revoked"): \(list.map(\.description).joined(separator: ", "))")
            if cooperative {
                report(
                    KafkaError.consuming(rd_kafka_incremental_unassign(handle, partitions), operation: "unassign"),
                    context)
            } else {
                report(rd_kafka_assign(handle, nil), "unassign partitions", context)
            }
        default:
            context.logger.error("Kafka rebalance failed: \(String(cString: rd_kafka_err2str(event)))")
            report(rd_kafka_assign(handle, nil), "unassign partitions", context)
        }
    }

    private func report(_ code: rd_kafka_resp_err_t, _ operation: String, _ context: KafkaHandleContext) {
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return }
        report(KafkaError(code: code, operation: operation), context)
    }

    private func report(_ error: KafkaError?, _ context: KafkaHandleContext) {
        guard let error else { return }
        context.logger.error("\(error)")
        context.errors.record(error)
    }
}

/// librdkafka's rebalance callback, served inside `rd_kafka_consumer_poll` / `rd_kafka_consumer_close`.
let kafkaRebalanceCallback:
    @convention(c) (
        OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
        UnsafeMutableRawPointer?
    ) -> Void = { handle, event, partitions, _ in
        guard let handle, let partitions, let context = KafkaHandleContext.of(handle), let rebalance = context.rebalance
        else { return }
        rebalance.handle(handle: handle, event: event, partitions: partitions, context: context)
    }
