import ArgumentParser
import Foundation
import KafkaClient
import PostgresClient
import WarehouseCore
import WarehouseEngine

/// `wh ingest status`: how far each Kafka source is loaded, per partition.
struct IngestStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each Kafka source's stored offset, end offset, lag and last load, per partition.")

    @OptionGroup var project: ProjectOptions

    @Option(help: "The Kafka source to show (default: all of the project's).")
    var source: String?

    @Flag(help: "Print one JSON object per partition, for scripts.")
    var json = false

    /// One partition's state.
    struct Row: Encodable {
        var source: String
        var topic: String
        var partition: Int
        var storedOffset: Int
        /// `nil` when the brokers could not be asked.
        var endOffset: Int?
        var lag: Int?
        var loadedRows: Int
        var rejectedRows: Int
        var lastLoad: String

        enum CodingKeys: String, CodingKey {
            case source, topic, partition, lag
            case storedOffset = "stored_offset"
            case endOffset = "end_offset"
            case loadedRows = "loaded_rows"
            case rejectedRows = "rejected_rows"
            case lastLoad = "last_load"
        }
    }

    func run() async throws {
        let project = try project.loadProject()
        let sources = try ProjectIngest.kafkaSources(of: project, named: source)
        let connection = try await ProjectDatabase.resolve(project)
        let configuration = connection.configuration
        var rows: [Row] = []
        for source in sources {
            let kafka = try? ProjectIngest.kafkaConfiguration(for: source, projectRoot: project.root)
            let stored = try await ProjectDatabase.blocking {
                try Self.storedRows(
                    source.name, on: Connection.connect(configuration, logger: ConsoleLogHandler.postgresLogger()))
            }
            let (partitions, ends) = try await KafkaThread.run {
                Self.brokerView(of: source, kafka: kafka)
            }
            // Partitions the brokers list that nothing was loaded from yet.
            let known = Set(stored.map { KafkaTopicPartition(topic: $0.topic, partition: Int32($0.partition)) })
            let unloaded = partitions.filter { !known.contains($0) }.map { partition in
                Row(
                    source: source.name, topic: partition.topic, partition: Int(partition.partition), storedOffset: 0,
                    loadedRows: 0, rejectedRows: 0, lastLoad: "never")
            }
            rows += (stored + unloaded).sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }.map { row in
                var row = row
                row.endOffset = ends[KafkaTopicPartition(topic: row.topic, partition: Int32(row.partition))]
                row.lag = row.endOffset.map { max(0, $0 - row.storedOffset) }
                return row
            }
        }
        json ? printJSON(rows) : printTable(rows, sources: sources)
    }

    /// The stored offsets of `source`; none when it was never ingested.
    private static func storedRows(_ source: String, on connection: Connection) throws -> [Row] {
        guard try connection.query("select to_regclass('wh_meta.kafka_offsets') is not null").first?.bool(0) == true
        else { return [] }
        return try connection.query(
            """
            select topic, partition, next_offset, loaded_rows, rejected_rows,
                to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"')
            from wh_meta.kafka_offsets where source = $1 order by topic, partition
            """, [.string(source)]
        ).map { row in
            Row(
                source: source, topic: row.string(0) ?? "", partition: Int(row.string(1) ?? "") ?? 0,
                storedOffset: Int(row.string(2) ?? "") ?? 0, loadedRows: Int(row.string(3) ?? "") ?? 0,
                rejectedRows: Int(row.string(4) ?? "") ?? 0, lastLoad: row.string(5) ?? "")
        }
    }

    /// The source's partitions and their end offsets, from the brokers; empty when they cannot be asked.
    private static func brokerView(of source: KafkaSourceSettings, kafka: KafkaConfiguration?) -> (
        [KafkaTopicPartition], [KafkaTopicPartition: Int]
    ) {
        guard let kafka,
            let consumer = try? KafkaConsumer(
                configuration: kafka, groupID: source.group, logger: ConsoleLogHandler.kafkaLogger())
        else { return ([], [:]) }
        defer { try? consumer.close() }
        var partitions: [KafkaTopicPartition] = []
        var ends: [KafkaTopicPartition: Int] = [:]
        for topic in source.topics {
            for partition in (try? consumer.partitions(of: topic, timeout: .seconds(5))) ?? [] {
                let key = KafkaTopicPartition(topic: topic, partition: partition)
                partitions.append(key)
                if let (_, high) = try? consumer.watermarks(topic: topic, partition: partition, timeout: .seconds(5)) {
                    ends[key] = Int(high)
                }
            }
        }
        return (partitions, ends)
    }

    private func printJSON(_ rows: [Row]) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for row in rows {
            guard let data = try? encoder.encode(row) else { continue }
            Console.current.print(String(decoding: data, as: UTF8.self))
        }
    }

    private func printTable(_ rows: [Row], sources: [KafkaSourceSettings]) {
        for source in sources where !rows.contains(where: { $0.source == source.name }) {
            Console.current.print("\(source.name): nothing ingested yet (into \(source.table))")
        }
        guard !rows.isEmpty else { return }
        let header = ["source", "partition", "stored offset", "end offset", "lag", "loaded", "rejected", "last load"]
        let lines = rows.map { row in
            [
                row.source, "\(row.topic)[\(row.partition)]", String(row.storedOffset),
                row.endOffset.map(String.init) ?? "unknown", row.lag.map(String.init) ?? "unknown",
                String(row.loadedRows), String(row.rejectedRows), row.lastLoad,
            ]
        }
        let widths = header.indices.map { column in ([header] + lines).map { $0[column].count }.max() ?? 0 }
        for line in [header] + lines {
            Console.current.print(
                zip(line, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                    .trimmingCharacters(in: .whitespaces))
        }
        if rows.contains(where: { $0.endOffset == nil }) {
            Console.current.print("(end offsets unknown: the brokers could not be reached)")
        }
    }
}
