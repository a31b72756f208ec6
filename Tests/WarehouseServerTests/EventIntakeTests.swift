import Foundation
import Hummingbird
import HummingbirdTesting
import KafkaClient
import Logging
import PostgresClient
import SQLTemplate
import Testing
import WarehouseCore
import WarehouseIngest
import WarehouseServer
import WarehouseTesting

/// `POST /api/events/<source>` over real HTTP on loopback, producing to librdkafka's mock cluster (the real Kafka
/// protocol); what it accepted is then ingested by the project's own Kafka ingest into bronze and counted there.
@Suite struct EventIntakeTests {
    private static let logger = Logger(label: "wh.serve.test") { _ in SwiftLogNoOpLogHandler() }

    /// The example warehouse's `orders` source, as project.yml declares it.
    private static func ordersSource() throws -> KafkaSourceSettings {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let project = try ProjectLoader.load(root: root, cliVars: nil)
        return try #require(project.settings.ingest.kafkaSource(named: "orders"))
    }

    /// A mock cluster with the source's topic in 4 partitions.
    private static func cluster(for source: KafkaSourceSettings) throws -> KafkaMockCluster {
        let cluster = try KafkaMockCluster(brokers: 1, logger: logger)
        try cluster.createTopic(source.topics[0], partitions: 4)
        return cluster
    }

    /// The port of a broker that ran and stopped, held so that no broker started meanwhile by another test takes it.
    private static func stoppedBroker(for source: KafkaSourceSettings) throws -> RefusingPort {
        for _ in 0..<5 {
            let cluster = try cluster(for: source)
            let port = Int(cluster.bootstrapServers.split(separator: ":").last ?? "") ?? 0
            cluster.stop()
            if let held = RefusingPort(port) { return held }
        }
        throw POSIXError(.EADDRINUSE)
    }

    /// Runs `test` against a live server whose intake produces to `brokers`.
    private static func withServer(
        source: KafkaSourceSettings, brokers: String?, maxBodyBytes: Int = EventIntake.defaultMaxBodyBytes,
        deliveryTimeout: Duration = .seconds(10), authenticator: BearerAuthenticator? = nil,
        _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let intake = try EventIntake(
            sources: [.init(settings: source, kafka: brokers.map { KafkaConfiguration(bootstrapServers: $0) })],
            maxBodyBytes: maxBodyBytes, deliveryTimeout: deliveryTimeout, authenticator: authenticator, logger: logger)
        let router = WarehouseServer.makeRouter()
        intake.addRoutes(to: router)
        let app = WarehouseServer.makeApplication(router: router, address: ServerAddress(port: 0), logger: logger)
        try await app.test(.live) { client in try await test(client) }
    }

    private static func post(_ client: any TestClientProtocol, _ body: String, source: String = "orders")
        async throws -> TestResponse
    {
        try await client.execute(
            uri: "/api/events/\(source)", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: body))
    }

    private static func json(_ response: TestResponse) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8))
        return try #require(object as? [String: Any])
    }

    /// Messages in the topic's partitions: the sum of their high watermarks.
    private static func messageCount(_ cluster: KafkaMockCluster, topic: String) throws -> Int64 {
        let consumer = try KafkaConsumer(
            configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers), groupID: "count",
            logger: logger)
        defer { try? consumer.close() }
        return try (0..<4).reduce(0) { total, partition in
            total + (try consumer.watermarks(topic: topic, partition: Int32(partition))).high
        }
    }

    /// `count` order events from the project's generator, as JSON text.
    private static func orderEvents(_ count: Int, seed: UInt64) throws -> [String] {
        var generator = try OrderEventGenerator(seed: seed)
        return (0..<count).map { _ in String(decoding: generator.next().json, as: UTF8.self) }
    }

    @Test("events posted one by one and as lists land in bronze exactly once, after a 201 for each request")
    func postedEventsAreIngestedOnce() async throws {
        let source = try Self.ordersSource()
        let cluster = try Self.cluster(for: source)
        defer { cluster.stop() }
        let events = try Self.orderEvents(250, seed: 12)
        try await Self.withServer(source: source, brokers: cluster.bootstrapServers) { client in
            let single = try await Self.post(client, events[0])
            #expect(single.status == .created)
            #expect(single.headers[.contentType] == "application/json")
            let answer = try Self.json(single)
            #expect(answer["count"] as? Int == 1)
            #expect(answer["topic"] as? String == "orders")
            let positions = try #require(answer["events"] as? [[String: Any]])
            #expect(positions.count == 1 && positions[0]["offset"] as? Int == 0)
            // The rest in lists of 1 to 60, several requests at once.
            try await withThrowingTaskGroup(of: Void.self) { group in
                var start = 1
                var size = 1
                while start < events.count {
                    let batch = Array(events[start..<min(events.count, start + size)])
                    group.addTask {
                        let response = try await Self.post(client, "[" + batch.joined(separator: ",") + "]")
                        #expect(response.status == .created)
                        #expect(try Self.json(response)["count"] as? Int == batch.count)
                    }
                    start += size
                    size = size % 60 + 7
                }
                try await group.waitForAll()
            }
        }
        #expect(try Self.messageCount(cluster, topic: "orders") == 250)

        let database = try await TestDatabase.create()
        let ingestor = KafkaIngestor(
            source: source,
            kafka: KafkaConfiguration(
                bootstrapServers: cluster.bootstrapServers,
                properties: ["session.timeout.ms": "6000", "heartbeat.interval.ms": "500"]),
            postgres: database, logger: Self.logger)
        let totals = try await KafkaThread.run { try ingestor.run(mode: .untilCaughtUp, shouldStop: { false }) }
        #expect(totals.loaded == 250)
        #expect(totals.rejected == 0)
        let expectedIDs = try events.map { event in
            let object = try JSONSerialization.jsonObject(with: Data(event.utf8)) as? [String: Any]
            return try #require(object?["event_id"] as? String)
        }
        let stored = try await TestDatabase.rows(
            "select event_id, count(*) from bronze.order_events group by event_id order by event_id", in: database)
        #expect(stored == expectedIDs.sorted().map { [$0, "1"] })
        // Keyed by order_id: each message's key is its order, and an order's events share a partition.
        let keys = try await TestDatabase.rows(
            "select count(*) filter (where convert_from(kafka_key, 'UTF8') <> order_id), "
                + "count(*) filter (where partitions > 1) from bronze.order_events join ("
                + "select order_id, count(distinct kafka_partition) as partitions from bronze.order_events "
                + "group by order_id) as orders using (order_id)", in: database)
        #expect(keys == [["0", "0"]])
    }

    @Test("a list with bad events answers 400 naming each problem, and none of its events is produced")
    func badEventsAreListedAndNothingIsProduced() async throws {
        let source = try Self.ordersSource()
        let cluster = try Self.cluster(for: source)
        defer { cluster.stop() }
        let good = try Self.orderEvents(3, seed: 5)
        let missingOrder =
            #"{"event_id":"x1","customer_id":"c","country":"UK","status":"placed","occurred_at":"2026-12-05T10:00:00Z"}"#
        let badQuantity = good[1].replacingOccurrences(of: #""quantity":"#, with: #""quantity":"many","q":"#)
        try await Self.withServer(source: source, brokers: cluster.bootstrapServers) { client in
            let response = try await Self.post(client, "[\(good[0]),\(missingOrder),\(badQuantity),\(good[2])]")
            #expect(response.status == .badRequest)
            let error = try #require(try Self.json(response)["error"] as? [String: Any])
            #expect(error["status"] as? Int == 400)
            #expect(error["message"] as? String == "2 of 4 events are invalid; none was produced")
            let problems = try #require(error["events"] as? [[String: Any]])
            #expect(
                problems.map { "\($0["index"] ?? "-") \($0["field"] ?? "-")" } == ["1 order_id", "2 lines.0.quantity"])
            #expect(problems.first?["reason"] as? String == "required, but missing")

            let notJSON = try await Self.post(client, "{oops")
            #expect(notJSON.status == .badRequest)
            let unknown = try await Self.post(client, good[0], source: "ordres")
            #expect(unknown.status == .notFound)
            let unknownError = try #require(try Self.json(unknown)["error"] as? [String: Any])
            #expect(unknownError["sources"] as? [String] == ["orders"])
        }
        #expect(try Self.messageCount(cluster, topic: "orders") == 0)
    }

    @Test("a body over max_body_bytes answers 413, with or without Content-Length, and produces nothing")
    func tooLargeBodies() async throws {
        let source = try Self.ordersSource()
        let cluster = try Self.cluster(for: source)
        defer { cluster.stop() }
        let events = try Self.orderEvents(40, seed: 7)
        let body = "[" + events.joined(separator: ",") + "]"
        let limit = 4096
        #expect(body.utf8.count > limit)
        try await Self.withServer(source: source, brokers: cluster.bootstrapServers, maxBodyBytes: limit) { client in
            let response = try await Self.post(client, body)
            #expect(response.status == .contentTooLarge)
            let error = try #require(try Self.json(response)["error"] as? [String: Any])
            #expect((error["message"] as? String)?.contains("4096 bytes") == true)
            // Chunked, so the server only finds out while reading; the answer comes before the body is all sent.
            let port = try #require(client.port)
            let status = try await RawHTTP.postChunked(
                port: port, path: "/api/events/orders",
                chunks: Array(repeating: String(repeating: " ", count: 1000), count: 1000), answerExpectedAfter: limit)
            #expect(status == 413)
            let fits = try await Self.post(client, events[0])
            #expect(fits.status == .created)
        }
        #expect(try Self.messageCount(cluster, topic: "orders") == 1)
    }

    @Test("Kafka stopped or never reachable: 503 with Retry-After once the delivery timeout passes")
    func kafkaDownIs503() async throws {
        let source = try Self.ordersSource()
        let event = try Self.orderEvents(1, seed: 9)[0]
        let stopped = try Self.stoppedBroker(for: source)
        for brokers in ["127.0.0.1:\(stopped.port)", "127.0.0.1:1"] {
            try await Self.withServer(source: source, brokers: brokers, deliveryTimeout: .seconds(2)) { client in
                let started = ContinuousClock.now
                let response = try await Self.post(client, "[\(event),\(event)]")
                #expect(response.status == .serviceUnavailable, "\(brokers)")
                #expect(response.headers[.retryAfter] == "5")
                #expect(ContinuousClock.now - started >= .seconds(2))
                let error = try #require(try Self.json(response)["error"] as? [String: Any])
                #expect(
                    (error["message"] as? String)?.hasPrefix("Kafka did not acknowledge the events in time") == true)
            }
        }
        withExtendedLifetime(stopped) {}
        try await Self.withServer(source: source, brokers: nil) { client in
            let response = try await Self.post(client, event)
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "5")
        }
    }

    @Test("with serve.auth, posting needs a valid bearer token")
    func authIsRequiredWhenConfigured() async throws {
        let source = try Self.ordersSource()
        let cluster = try Self.cluster(for: source)
        defer { cluster.stop() }
        let event = try Self.orderEvents(1, seed: 3)[0]
        let authenticator = BearerAuthenticator(
            settings: ServeAuthSettings(tokens: [
                .init(name: "app", token: "app-token-123", scopes: [], location: .init(path: "p", line: 1, column: 1))
            ]))
        try await Self.withServer(source: source, brokers: cluster.bootstrapServers, authenticator: authenticator) {
            client in
            let anonymous = try await Self.post(client, event)
            #expect(anonymous.status == .unauthorized)
            let wrong = try await client.execute(
                uri: "/api/events/orders", method: .post, headers: [.authorization: "Bearer nope"],
                body: ByteBuffer(string: event))
            #expect(wrong.status == .unauthorized)
            let allowed = try await client.execute(
                uri: "/api/events/orders", method: .post, headers: [.authorization: "Bearer app-token-123"],
                body: ByteBuffer(string: event))
            #expect(allowed.status == .created)
        }
        #expect(try Self.messageCount(cluster, topic: "orders") == 1)
    }
}
