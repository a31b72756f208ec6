import Foundation
import KafkaClient
import Logging
import PostgresClient
import SQLTemplate
import Testing
import WarehouseCore
import WarehouseEngine
import WarehouseTesting

@testable import WarehouseIngest

/// The ingest loop against librdkafka's mock cluster (the real Kafka protocol) and a real Postgres.
@Suite struct KafkaIngestorTests {
    private static let logger = Logger(label: "wh.ingest.test") { _ in SwiftLogNoOpLogHandler() }

    /// A cluster with a 4-partition topic `orders` holding `count` messages; message i goes to partition i % 4 and
    /// is `{"event_id": "e<i>", ...}`, or not JSON when `poison` says so.
    private static func cluster(count: Int, poison: (Int) -> Bool = { _ in false }) throws -> KafkaMockCluster {
        let cluster = try KafkaMockCluster(brokers: 1, logger: logger)
        try cluster.createTopic("orders", partitions: 4)
        let producer = try KafkaProducer(
            configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers), logger: logger)
        for index in 0..<count {
            let json = poison(index) ? "{oops \(index)" : #"{"event_id": "e\#(index)", "quantity": \#(index % 7)}"#
            try producer.produce(
                topic: "orders", partition: Int32(index % 4), key: Array("k\(index)".utf8), value: Array(json.utf8))
        }
        let counts = try producer.flush(timeout: .seconds(30))
        guard counts.acknowledged == count else {
            throw KafkaError(kind: .timedOut, detail: "\(counts)", operation: "produce")
        }
        return cluster
    }

    /// An ingestor of topic `orders` into `bronze.order_events` in group `group`.
    private static func ingestor(
        _ cluster: KafkaMockCluster, into database: ConnectionConfiguration, group: String = "ingest"
    ) -> KafkaIngestor {
        let source = KafkaSourceSettings(
            name: "orders", topics: ["orders"], group: group,
            table: IngestTable(schema: "bronze", name: "order_events"),
            columns: [.init(name: "event_id", path: "event_id", type: "text")], batchSize: 100, lingerMs: 50,
            location: SourceLocation(path: "project.yml", line: 1, column: 1))
        let kafka = KafkaConfiguration(
            bootstrapServers: cluster.bootstrapServers,
            properties: ["session.timeout.ms": "6000", "heartbeat.interval.ms": "500"])
        return KafkaIngestor(source: source, kafka: kafka, postgres: database, logger: logger)
    }

    /// (partition, offset) of every bronze row, sorted.
    private static func loaded(_ database: ConnectionConfiguration) async throws -> [[String?]] {
        try await TestDatabase.rows(
            "select kafka_partition, kafka_offset from bronze.order_events order by 1, 2", in: database)
    }

    private static func expected(_ count: Int, except skipped: (Int) -> Bool = { _ in false }) -> [[String?]] {
        (0..<count).filter { !skipped($0) }.map { [String($0 % 4), String($0 / 4)] }
            .sorted { ($0[0] ?? "", Int($0[1] ?? "") ?? 0) < ($1[0] ?? "", Int($1[1] ?? "") ?? 0) }
    }

    @Test("until caught up: every message of 4 partitions once; a second run finds nothing new")
    func untilCaughtUp() async throws {
        let cluster = try Self.cluster(count: 1000)
        let database = try await TestDatabase.create()
        let ingestor = Self.ingestor(cluster, into: database)
        let first = try await KafkaThread.run { try ingestor.run(mode: .untilCaughtUp, shouldStop: { false }) }
        #expect(first.loaded == 1000)
        #expect(try await Self.loaded(database) == Self.expected(1000))
        let second = try await KafkaThread.run { try ingestor.run(mode: .untilCaughtUp, shouldStop: { false }) }
        #expect(second.stored == 0)
        #expect(try await Self.loaded(database).count == 1000)
        let sum = try await TestDatabase.rows(
            "select sum((payload->>'quantity')::int), count(distinct event_id) from bronze.order_events", in: database)
        #expect(sum == [[String((0..<1000).map { $0 % 7 }.reduce(0, +)), "1000"]])
        cluster.stop()
    }

    @Test("max messages stops after that many, and the next run goes on from the stored offsets")
    func maxMessagesThenResume() async throws {
        let cluster = try Self.cluster(count: 400)
        let database = try await TestDatabase.create()
        let ingestor = Self.ingestor(cluster, into: database)
        let first = try await KafkaThread.run {
            try ingestor.run(mode: .follow, maxMessages: 150, shouldStop: { false })
        }
        #expect(first.stored == 150)
        #expect(try await Self.loaded(database).count == 150)
        _ = try await KafkaThread.run { try ingestor.run(mode: .untilCaughtUp, shouldStop: { false }) }
        #expect(try await Self.loaded(database) == Self.expected(400))
        cluster.stop()
    }

    @Test("two consumers in one group split the partitions and together load every message once")
    func twoConsumers() async throws {
        let cluster = try Self.cluster(count: 2000)
        let database = try await TestDatabase.create()
        let runs = (0..<2).map { _ in
            Task {
                try await KafkaThread.run {
                    try Self.ingestor(cluster, into: database, group: "pair")
                        .run(mode: .untilCaughtUp, shouldStop: { false })
                }
            }
        }
        var total = 0
        var assigned: [Set<KafkaTopicPartition>] = []
        for run in runs {
            let totals = try await run.value
            total += totals.loaded
            assigned.append(totals.partitions)
        }
        #expect(total == 2000)
        #expect(assigned.allSatisfy { !$0.isEmpty }, "each consumer should have had partitions: \(assigned)")
        #expect(try await Self.loaded(database) == Self.expected(2000))
        cluster.stop()
    }

    @Test("poison messages go to the rejects with their error and offsets; the stream goes on")
    func poison() async throws {
        let isPoison: (Int) -> Bool = { $0 % 50 == 7 }
        let cluster = try Self.cluster(count: 500, poison: isPoison)
        let database = try await TestDatabase.create()
        let totals = try await KafkaThread.run {
            try Self.ingestor(cluster, into: database).run(mode: .untilCaughtUp, shouldStop: { false })
        }
        #expect(totals.rejected == 10)
        #expect(totals.loaded == 490)
        #expect(try await Self.loaded(database) == Self.expected(500, except: isPoison))
        let rejects = try await TestDatabase.rows(
            "select kafka_partition, kafka_offset, error from bronze.order_events_rejects order by 1, 2", in: database)
        let poisoned = Self.expected(500, except: { !isPoison($0) })
        #expect(rejects.map { [$0[0], $0[1]] } == poisoned)
        #expect(rejects.allSatisfy { ($0[2] ?? "").hasPrefix("the payload is not valid JSON") })
        cluster.stop()
    }
}

/// Postgres going away in the middle of ingest: nothing lost, nothing doubled.
@Suite struct KafkaIngestPostgresOutageTests {
    private static let logger = Logger(label: "wh.ingest.test") { _ in SwiftLogNoOpLogHandler() }

    @Test("Postgres stopped and started again during ingest: every message once")
    func postgresRestart() async throws {
        // Enough small batches that the load outlasts the wait for its first rows on a loaded machine; 20,000 per
        // partition stays well inside the mock broker's retention.
        let count = 80_000
        let cluster = try KafkaMockCluster(brokers: 1, logger: Self.logger)
        defer { cluster.stop() }
        try cluster.createTopic("orders", partitions: 4)
        let producer = try KafkaProducer(
            configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers), logger: Self.logger)
        for index in 0..<count {
            try producer.produce(
                topic: "orders", partition: Int32(index % 4), value: Array(#"{"event_id": "e\#(index)"}"#.utf8))
        }
        try producer.flush(timeout: .seconds(60))

        // A server of its own: the shared test server must stay up for the other tests.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wh-outage-\(UUID().uuidString)")
        let server = EmbeddedPostgres(projectRoot: root, options: .init(durable: false), logger: Self.logger)
        let database = try await BlockingWork.run { try server.start().configuration }
        defer {
            _ = try? server.stop()
            try? FileManager.default.removeItem(at: root)
        }
        let source = KafkaSourceSettings(
            name: "orders", topics: ["orders"], table: IngestTable(schema: "bronze", name: "order_events"),
            batchSize: 100, lingerMs: 20, location: SourceLocation(path: "project.yml", line: 1, column: 1))
        let ingestor = KafkaIngestor(
            source: source,
            kafka: KafkaConfiguration(
                bootstrapServers: cluster.bootstrapServers,
                properties: ["session.timeout.ms": "6000", "heartbeat.interval.ms": "500"]),
            postgres: database, logger: Self.logger)
        // Bounded: a server that never came back would make ingest retry forever.
        let deadline = ContinuousClock.now + .seconds(120)
        // The ingest thread waits after its first batch until the server is down, so the outage always falls
        // mid-load, however loaded the machine is (polling for rows from here, the load could end first).
        let firstBatch = DispatchSemaphore(value: 0)
        let serverDown = DispatchSemaphore(value: 0)
        let run = Task {
            try await KafkaThread.run {
                try ingestor.run(mode: .untilCaughtUp, shouldStop: { ContinuousClock.now > deadline }) { totals in
                    guard totals.batches == 1 else { return }
                    firstBatch.signal()
                    _ = serverDown.wait(timeout: .now() + 60)
                }
            }
        }

        // Once the first batch is in, stop the server for two seconds and start it again.
        try await BlockingWork.run { _ = firstBatch.wait(timeout: .now() + 60) }
        let counted = try await TestDatabase.rows("select count(*) from bronze.order_events", in: database)
        let before = Int(counted.first?.first.flatMap { $0 } ?? "") ?? 0
        try await BlockingWork.run { _ = try server.stop() }
        serverDown.signal()
        try await Task.sleep(for: .seconds(2))
        _ = try await BlockingWork.run { try server.start() }

        let totals = try await run.value
        let loaded = try await TestDatabase.rows(
            "select count(*), count(distinct (kafka_partition, kafka_offset)), min(kafka_offset), max(kafka_offset) "
                + "from bronze.order_events",
            in: database)
        #expect(before > 0 && before < count, "the outage should fall mid-load (\(before) rows before it)")
        #expect(loaded == [[String(count), String(count), "0", String(count / 4 - 1)]])
        #expect(totals.stored + before >= count)
    }
}
