import KafkaClient
import Synchronization
import Testing

@Suite("KafkaClient: consumer groups, rebalances and seeking")
struct ConsumerGroupTests {
    @Test("two consumers in one group split 4 partitions: disjoint sets, together all, every message once")
    func twoConsumersSplitPartitions() async throws {
        let cluster = try KafkaMockCluster(brokers: 1, logger: quietLogger)
        try cluster.createTopic("split", partitions: 4)
        let first = try KafkaConsumer(configuration: consumerConfiguration(cluster), groupID: "g", logger: quietLogger)
        let second = try KafkaConsumer(configuration: consumerConfiguration(cluster), groupID: "g", logger: quietLogger)
        try first.subscribe(to: ["split"])
        try second.subscribe(to: ["split"])
        // Both poll until the group settles with each holding a share.
        let settled: @Sendable () throws -> Bool = {
            let a = try first.assignment()
            let b = try second.assignment()
            return !a.isEmpty && !b.isEmpty && a.count + b.count == 4
        }
        async let firstWaits = poll(first, until: settled)
        async let secondWaits = poll(second, until: settled)
        _ = try await (firstWaits, secondWaits)
        let firstPartitions = Set(try first.assignment())
        let secondPartitions = Set(try second.assignment())
        #expect(firstPartitions.isDisjoint(with: secondPartitions))
        #expect(
            firstPartitions.union(secondPartitions)
                == Set((0..<4).map { KafkaTopicPartition(topic: "split", partition: $0) }))

        let producer = try KafkaProducer(
            configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers), logger: quietLogger)
        let count = 1000
        for index in 0..<count { try producer.produce(topic: "split", value: bytes("\(index)")) }
        #expect(try producer.flush(timeout: .seconds(10)).acknowledged == count)

        let total = ReadCount()
        let done: @Sendable () -> Bool = { total.value.load(ordering: .relaxed) >= count }
        async let firstReads = KafkaThread.run { () throws -> [KafkaMessage] in
            var read: [KafkaMessage] = []
            while !done() {
                let batch = try first.poll(maxMessages: 500, linger: .milliseconds(100))
                total.value.add(batch.count, ordering: .relaxed)
                read += batch
            }
            return read
        }
        async let secondReads = KafkaThread.run { () throws -> [KafkaMessage] in
            var read: [KafkaMessage] = []
            while !done() {
                let batch = try second.poll(maxMessages: 500, linger: .milliseconds(100))
                total.value.add(batch.count, ordering: .relaxed)
                read += batch
            }
            return read
        }
        let (a, b) = try await (firstReads, secondReads)
        #expect(Set(a.map(\.topicPartition)).isSubset(of: firstPartitions))
        #expect(Set(b.map(\.topicPartition)).isSubset(of: secondPartitions))
        #expect(a.count + b.count == count)
        #expect(Set((a + b).map { text($0.value) ?? "" }) == Set((0..<count).map { "\($0)" }))
        try first.close()
        try second.close()
    }

    @Test("the rebalance handler hears the assignment, and the revocation on close")
    func rebalanceCallback() async throws {
        let cluster = try KafkaMockCluster(brokers: 1, logger: quietLogger)
        try cluster.createTopic("watched", partitions: 4)
        let assigned = Mutex<[[KafkaTopicPartition]]>([])
        let revoked = Mutex<[[KafkaTopicPartition]]>([])
        let consumer = try KafkaConsumer(
            configuration: consumerConfiguration(cluster), groupID: "watchers", logger: quietLogger,
            rebalance: KafkaRebalanceHandler(
                revoked: { partitions in revoked.withLock { $0.append(partitions) } },
                assigned: { partitions in
                    assigned.withLock { $0.append(partitions) }
                    return [:]
                }))
        try consumer.subscribe(to: ["watched"])
        _ = try await poll(consumer, until: { !assigned.withLock { $0.isEmpty } })
        let all = (0..<4).map { KafkaTopicPartition(topic: "watched", partition: $0) }
        #expect(assigned.withLock { $0.map { $0.sorted() } } == [all])
        #expect(try consumer.assignment() == all)
        try consumer.close()
        #expect(revoked.withLock { $0.map { $0.sorted() } } == [all])
    }

    @Test("offsets supplied on assignment are where reading starts; commits are readable back")
    func seekOnAssignment() async throws {
        let cluster = try KafkaMockCluster(brokers: 1, logger: quietLogger)
        try cluster.createTopic("resume", partitions: 4)
        let producer = try KafkaProducer(
            configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers), logger: quietLogger)
        for index in 0..<40 {
            try producer.produce(topic: "resume", partition: Int32(index % 4), value: bytes("\(index)"))
        }
        #expect(try producer.flush(timeout: .seconds(10)).acknowledged == 40)

        // As if the caller had stored "next offset 7" for each partition, and 9 for partition 2.
        let consumer = try KafkaConsumer(
            configuration: consumerConfiguration(cluster), groupID: "resumers", logger: quietLogger,
            rebalance: KafkaRebalanceHandler(assigned: { partitions in
                Dictionary(uniqueKeysWithValues: partitions.map { ($0, $0.partition == 2 ? 9 : 7) })
            }))
        try consumer.subscribe(to: ["resume"])
        let messages = try await consume(consumer, count: 10)
        let read = messages.map { "\($0.partition):\($0.offset)" }.sorted()
        #expect(read == ["0:7", "0:8", "0:9", "1:7", "1:8", "1:9", "2:9", "3:7", "3:8", "3:9"])
        let partition0 = KafkaTopicPartition(topic: "resume", partition: 0)
        try consumer.commit([partition0: 10])
        #expect(try consumer.committed([partition0]) == [partition0: 10])
        // Back to a stored offset after an abandoned batch: partition 0 is read again from offset 8.
        try consumer.seek([partition0: 8])
        let again = try await consume(consumer, count: 2)
        #expect(again.map { "\($0.partition):\($0.offset)" } == ["0:8", "0:9"])
        try consumer.close()
    }
}

/// Messages read by both consumers together.
final class ReadCount: Sendable {
    let value = Atomic<Int>(0)
}
