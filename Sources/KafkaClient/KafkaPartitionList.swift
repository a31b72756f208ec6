internal import CRdKafka

/// A `rd_kafka_topic_partition_list_t` owned once: created here, destroyed in `deinit`.
final class KafkaPartitionList {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    /// A list of `partitions`, each with its offset (RD_KAFKA_OFFSET_INVALID when nil).
    init(_ partitions: [(KafkaTopicPartition, Int64?)]) {
        // rd_kafka_topic_partition_list_new aborts on allocation failure rather than returning NULL.
        pointer = rd_kafka_topic_partition_list_new(Int32(clamping: partitions.count))
        for (partition, offset) in partitions {
            let element = rd_kafka_topic_partition_list_add(pointer, partition.topic, partition.partition)
            element?.pointee.offset = offset ?? Int64(RD_KAFKA_OFFSET_INVALID)
        }
    }

    /// Takes ownership of a list librdkafka returned to the caller.
    init(taking pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        self.pointer = pointer
    }

    deinit {
        rd_kafka_topic_partition_list_destroy(pointer)
    }

    /// The elements with their offsets and errors.
    var elements: [(KafkaTopicPartition, offset: Int64, error: rd_kafka_resp_err_t)] {
        (0..<Int(pointer.pointee.cnt)).map { index in
            let element = pointer.pointee.elems[index]
            return (
                KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition),
                element.offset, element.err
            )
        }
    }

    /// The topic-partitions of a list owned by someone else.
    static func topicPartitions(_ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> [KafkaTopicPartition]
    {
        (0..<Int(list.pointee.cnt)).map { index in
            let element = list.pointee.elems[index]
            return KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)
        }
    }
}
