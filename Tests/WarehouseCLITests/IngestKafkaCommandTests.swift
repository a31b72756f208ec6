import Foundation
import KafkaClient
import Logging
import PostgresClient
import Testing
import WarehouseTesting

#if canImport(Glibc)
    import Glibc
#endif

/// `wh ingest kafka` as operators run it: a child process against librdkafka's mock cluster and a real Postgres,
/// killed and restarted.
@Suite(.serialized) struct IngestKafkaCommandTests {
    private static let logger = Logger(label: "wh.ingest.test") { _ in SwiftLogNoOpLogHandler() }

    /// A mock cluster with topic `orders` of 4 partitions holding `count` JSON messages, message i in partition i % 4.
    private static func cluster(count: Int) throws -> KafkaMockCluster {
        let cluster = try KafkaMockCluster(brokers: 1, logger: logger)
        try cluster.createTopic("orders", partitions: 4)
        let producer = try KafkaProducer(
            configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers), logger: logger)
        for index in 0..<count {
            try producer.produce(
                topic: "orders", partition: Int32(index % 4),
                value: Array(#"{"event_id": "e\#(index)", "amount": \#(index % 13)}"#.utf8))
        }
        try producer.flush(timeout: .seconds(60))
        return cluster
    }

    /// A project whose Kafka source reads `orders` from the brokers in `WH_TEST_BROKERS`, in small batches.
    private static func project(batchSize: Int) throws -> URL {
        try CommandRunner.project([
            "project.yml": """
            name: shop
            ingest:
              kafka:
                - name: orders
                  brokers: "{{ env_var('WH_TEST_BROKERS') }}"
                  topics: [orders]
                  table: bronze.order_events
                  batch_size: \(batchSize)
                  linger_ms: 20
                  columns:
                    - {name: event_id, path: event_id, type: text}
                  properties: {session.timeout.ms: "6000", heartbeat.interval.ms: "500"}
            """
        ])
    }

    /// Every (partition, offset) in bronze, and how many rows that is.
    private static func loaded(_ database: ConnectionConfiguration) async throws -> [[String?]] {
        try await TestDatabase.rows(
            "select kafka_partition, kafka_offset from bronze.order_events order by 1, 2", in: database)
    }

    /// How many rows bronze holds; 0 before ingest created the table.
    private static func rowCount(_ database: ConnectionConfiguration) async throws -> Int {
        let exists = try await TestDatabase.rows("select to_regclass('bronze.order_events') is not null", in: database)
        guard exists == [["t"]] else { return 0 }
        let rows = try await TestDatabase.rows("select count(*) from bronze.order_events", in: database)
        return Int(rows.first?.first.flatMap { $0 } ?? "") ?? 0
    }

    private static func produced(_ count: Int) -> [[String?]] {
        (0..<4).flatMap { partition in
            (0..<((count - partition + 3) / 4)).map { [String(partition), String($0)] }
        }
    }

    @Test func killedWithSigkillAtRandomPointsAndRestartedLoadsEachMessageExactlyOnce() async throws {
        // Enough small batches that a load outlasts a few polls of the row count on a loaded machine (20,000 in
        // batches of 200 loaded between two polls); 20,000 per partition stays inside the mock broker's retention.
        let count = 80_000
        let cluster = try Self.cluster(count: count)
        defer { cluster.stop() }
        let database = try await TestDatabase.create()
        let project = try Self.project(batchSize: 100)
        let environment = ["WH_DATABASE_URL": database.url, "WH_TEST_BROKERS": cluster.bootstrapServers]
        let arguments = ["ingest", "kafka", "--until-caught-up", "--project-dir", project.path]
        var rowsAtKills: [Int] = []
        for kill in 0..<4 {
            let log = project.appendingPathComponent("kill-\(kill).log")
            let process = try ChildProcess.start(arguments, environment: environment, log: log)
            // The first kill lands at a random moment (perhaps before the group assigned anything); the others once
            // bronze holds a random number of rows more, so they fall between batches and inside transactions alike.
            if kill == 0 {
                try await Task.sleep(for: .milliseconds(Int.random(in: 100...3_000)))
            } else {
                let lower = min((rowsAtKills.last ?? 0) + 1, count * 9 / 10)
                let target = Int.random(in: lower...(count * 9 / 10))
                // Bounded: 30 s (joining after a kill waits for the dead member's 6 s session).
                for _ in 0..<3000 where process.isRunning {
                    if try await Self.rowCount(database) >= target { break }
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            Glibc.kill(process.processIdentifier, SIGKILL)
            _ = await ChildProcess.wait(process)
            rowsAtKills.append(try await Self.rowCount(database))
        }
        let log = project.appendingPathComponent("final.log")
        let final = try ChildProcess.start(arguments, environment: environment, log: log)
        let code = await ChildProcess.wait(final, timeout: .seconds(180))
        #expect(code == 0, "\((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        let loaded = try await Self.loaded(database)
        #expect(loaded.count == count)
        #expect(loaded == Self.produced(count), "no gap and no duplicate")
        #expect(
            rowsAtKills.contains { $0 > 0 && $0 < count },
            "at least one kill should land mid-load; rows at kills: \(rowsAtKills)")
        let stored = try await TestDatabase.rows(
            "select sum(next_offset), sum(loaded_rows) from wh_meta.kafka_offsets where source = 'orders'", in: database
        )
        #expect(stored == [[String(count), String(count)]])
    }

    @Test func sigtermFinishesTheBatchInHandAndExitsZero() async throws {
        let cluster = try Self.cluster(count: 4_000)
        defer { cluster.stop() }
        let database = try await TestDatabase.create()
        let project = try Self.project(batchSize: 100)
        let environment = ["WH_DATABASE_URL": database.url, "WH_TEST_BROKERS": cluster.bootstrapServers]
        let log = project.appendingPathComponent("follow.log")
        let process = try ChildProcess.start(
            ["ingest", "kafka", "--follow", "--project-dir", project.path], environment: environment, log: log)
        for _ in 0..<3000 where try await Self.rowCount(database) < 4_000 {
            try await Task.sleep(for: .milliseconds(10))
        }
        kill(process.processIdentifier, SIGTERM)
        let code = await ChildProcess.wait(process, timeout: .seconds(30))
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(code == 0, "\(output)")
        #expect(output.contains("orders: loaded 4000 messages into bronze.order_events, rejected 0"), "\(output)")
        #expect(try await Self.loaded(database) == Self.produced(4_000))
    }

    @Test func statusShowsStoredAndEndOffsetsAndLagPerPartition() async throws {
        let cluster = try Self.cluster(count: 400)
        defer { cluster.stop() }
        let database = try await TestDatabase.create()
        let project = try Self.project(batchSize: 50)
        let environment = ["WH_DATABASE_URL": database.url, "WH_TEST_BROKERS": cluster.bootstrapServers]
        let ingest = await CommandRunner.run(
            ["ingest", "kafka", "--max-messages", "200", "--project-dir", project.path], environment: environment)
        #expect(ingest.exitCode == 0, "\(ingest.standardError)")
        let status = await CommandRunner.run(
            ["ingest", "status", "--json", "--project-dir", project.path], environment: environment)
        #expect(status.exitCode == 0, "\(status.standardError)")
        let rows = try status.standardOutput.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(rows.count == 4, "\(status.standardOutput)")
        #expect(rows.map { $0["partition"] as? Int } == [0, 1, 2, 3])
        #expect(rows.allSatisfy { $0["end_offset"] as? Int == 100 })
        #expect(rows.compactMap { $0["stored_offset"] as? Int }.reduce(0, +) == 200)
        #expect(rows.compactMap { $0["lag"] as? Int }.reduce(0, +) == 200)
        #expect(rows.compactMap { $0["loaded_rows"] as? Int }.reduce(0, +) == 200)
    }

    @Test func anUnknownSourceIsNamedWithTheSourcesThereAre() async throws {
        let project = try Self.project(batchSize: 100)
        let result = await CommandRunner.run(
            ["ingest", "kafka", "--source", "ordrs", "--project-dir", project.path],
            environment: ["WH_TEST_BROKERS": "127.0.0.1:1"])
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("error: no Kafka source named 'ordrs'"))
        #expect(result.standardError.contains("did you mean 'orders'?"))
    }
}
