import KafkaClient
import Synchronization
import Testing

@Suite("KafkaClient: produce and consume on the mock cluster")
struct ProduceConsumeTests {
    @Test("messages produced to 4 partitions come back exactly: keys, values, headers, partitions, offsets")
    func roundTrip() async throws {
        let cluster = try KafkaMockCluster(brokers: 1, logger: quietLogger)
        try cluster.createTopic("orders", partitions: 4)
        let reports = Mutex<[UInt64: KafkaDeliveryReport]>([:])
        let producer = try KafkaProducer(
            configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers), logger: quietLogger,
            onDelivery: { report in reports.withLock { $0[report.id] = report } })
        let count = 400
        var ids: [UInt64: Int] = [:]
        for index in 0..<count {
            let id = try producer.produce(
                topic: "orders", partition: Int32(index % 4), key: bytes("key-\(index)"),
                value: bytes("value-\(index)"),
                headers: [KafkaHeader(name: "index", value: bytes("\(index)")), KafkaHeader(name: "empty", value: nil)])
            ids[id] = index
        }
        let counts = try producer.flush(timeout: .seconds(10))
        #expect(counts.acknowledged == count && counts.failed == 0 && counts.pending == 0)

        let consumer = try KafkaConsumer(
            configuration: consumerConfiguration(cluster), groupID: "round-trip", logger: quietLogger)
        try consumer.subscribe(to: ["orders"])
        let messages = try await consume(consumer, count: count)
        try #require(messages.count == count)

        let delivered = reports.withLock { $0 }
        for message in messages {
            let value = try #require(text(message.value))
            let index = try #require(Int(value.dropFirst("value-".count)))
            #expect(text(message.key) == "key-\(index)")
            #expect(message.partition == Int32(index % 4))
            #expect(message.offset == Int64(index / 4), "each partition holds every 4th message, in order")
            #expect(
                message.headers == [
                    KafkaHeader(name: "index", value: bytes("\(index)")), KafkaHeader(name: "empty", value: nil),
                ])
            #expect(message.timestampMilliseconds != nil)
            let id = try #require(ids.first { $0.value == index }?.key)
            #expect(delivered[id]?.offset == message.offset)
            #expect(delivered[id]?.topicPartition == message.topicPartition)
        }
        #expect(Set(messages.map { "\($0.partition):\($0.offset)" }).count == count)
        for partition in Int32(0)..<4 {
            let marks = try consumer.watermarks(topic: "orders", partition: partition)
            #expect(marks.low == 0 && marks.high == Int64(count / 4))
        }
        try consumer.close()
    }

    @Test("delivery reports confirm every produced message, each with an offset")
    func deliveryReports() throws {
        let cluster = try KafkaMockCluster(brokers: 3, logger: quietLogger)
        try cluster.createTopic("events", partitions: 4, replicationFactor: 3)
        let reports = Mutex<[KafkaDeliveryReport]>([])
        let producer = try KafkaProducer(
            configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers), logger: quietLogger,
            onDelivery: { report in reports.withLock { $0.append(report) } })
        let count = 5000
        for index in 0..<count {
            try producer.produce(topic: "events", key: bytes("\(index % 97)"), value: bytes("\(index)"))
        }
        let counts = try producer.flush(timeout: .seconds(20))
        #expect(counts.produced == count && counts.acknowledged == count && counts.failed == 0)
        #expect(counts.firstFailure == nil)
        let all = reports.withLock { $0 }
        #expect(Set(all.map(\.id)) == Set((1...UInt64(count))))
        #expect(all.allSatisfy { $0.error == nil && $0.offset != nil })
        let places = Set(all.map { "\($0.topicPartition):\($0.offset ?? -1)" })
        #expect(places.count == count, "no two messages share a partition and offset")
    }

    @Test("a property librdkafka does not know is an invalid-configuration error naming it")
    func unknownProperty() {
        #expect {
            _ = try KafkaProducer(
                configuration: KafkaConfiguration(
                    bootstrapServers: "127.0.0.1:9", properties: ["no.such.property": "1"]),
                logger: quietLogger)
        } throws: { error in
            guard let error = error as? KafkaError else { return false }
            return error.kind == .invalidConfiguration && error.description.contains("no.such.property")
        }
    }
}
