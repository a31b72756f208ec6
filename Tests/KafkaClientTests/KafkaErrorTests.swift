import KafkaClient
import Synchronization
import Testing

@Suite("KafkaClient: errors in words")
struct KafkaErrorTests {
    /// The poll gives up quietly after its bound, so the expected throw is what shows the error came instead of a hang.
    @Test("a consumer of an address where no broker listens gets a worded error, not a hang; logs in swift-log")
    func unreachableBrokerConsumer() async throws {
        let log = CapturedLog()
        let consumer = try KafkaConsumer(
            configuration: KafkaConfiguration(bootstrapServers: "127.0.0.1:1"), groupID: "nobody", logger: log.logger)
        try consumer.subscribe(to: ["orders"])
        let error = await #expect(throws: KafkaError.self) {
            _ = try await poll(consumer, until: { false }, timeout: .seconds(60))
        }
        #expect(error?.kind == .brokersUnreachable)
        #expect(error?.description.contains("no Kafka broker is reachable") == true)
        #expect(log.lines.withLock { $0.contains { $0.contains("127.0.0.1:1") } }, "librdkafka's logs reach swift-log")
    }

    @Test("a producer's flush toward no broker fails with a worded error, not a hang")
    func unreachableBrokerProducer() throws {
        let producer = try KafkaProducer(
            configuration: KafkaConfiguration(bootstrapServers: "127.0.0.1:1"), logger: quietLogger)
        try producer.produce(topic: "orders", value: bytes("lost"))
        let error = #expect(throws: KafkaError.self) { try producer.flush(timeout: .seconds(3)) }
        #expect(error?.kind == .brokersUnreachable)
        #expect(error?.description.contains("1 messages still unacknowledged") == true)
        #expect(producer.deliveryCounts.pending == 1)
    }

    @Test("a message larger than message.max.bytes is refused with words")
    func messageTooLarge() throws {
        let producer = try KafkaProducer(
            configuration: KafkaConfiguration(
                bootstrapServers: "127.0.0.1:1", properties: ["message.max.bytes": "1000"]),
            logger: quietLogger)
        let error = #expect(throws: KafkaError.self) {
            try producer.produce(topic: "orders", value: [UInt8](repeating: 65, count: 5000))
        }
        #expect(error?.kind == .messageTooLarge)
        #expect(error?.description.contains("larger than the producer or broker accepts") == true)
        #expect(producer.deliveryCounts.produced == 0)
    }
}
