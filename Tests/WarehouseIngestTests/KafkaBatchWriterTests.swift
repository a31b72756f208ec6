import Foundation
import KafkaClient
import PostgresClient
import SQLTemplate
import Testing
import WarehouseCore
import WarehouseTesting

@testable import WarehouseIngest

/// The Postgres side of Kafka ingest: rows, rejects and offsets in one transaction, each message once.
@Suite struct KafkaBatchWriterTests {
    private static let source = KafkaSourceSettings(
        name: "orders", topics: ["orders"], table: IngestTable(schema: "bronze", name: "order_events"),
        columns: [
            .init(name: "event_id", path: "event_id", type: "text"),
            .init(name: "quantity", path: "lines.0.quantity", type: "integer"),
            .init(name: "occurred_at", path: "occurred_at", type: "timestamptz"),
        ],
        location: SourceLocation(path: "project.yml", line: 1, column: 1))

    private static func record(_ partition: Int32, _ offset: Int64, _ json: String, key: String? = nil)
        -> KafkaMessage
    {
        KafkaMessage(
            topic: "orders", partition: partition, offset: offset, key: key.map { Array($0.utf8) },
            value: Array(json.utf8), headers: [KafkaHeader(name: "source", value: Array("test".utf8))],
            timestampMilliseconds: 1_700_000_000_000)
    }

    private static func event(_ id: Int, quantity: String = "2", at: String = "2024-05-01T10:00:00Z") -> String {
        #"{"event_id": "e\#(id)", "lines": [{"sku": "A", "quantity": \#(quantity)}], "occurred_at": "\#(at)"}"#
    }

    private func withWriter<T: Sendable>(_ body: @escaping @Sendable (KafkaBatchWriter, Connection) throws -> T)
        async throws -> T
    {
        try await TestDatabase.withConnection { connection in
            let writer = KafkaBatchWriter(connection: connection, source: Self.source)
            try writer.prepare()
            return try body(writer, connection)
        }
    }

    @Test("a batch lands with its typed columns, metadata and offsets; re-writing it loads nothing twice")
    func exactlyOnce() async throws {
        let (first, again, rows) = try await withWriter { writer, connection in
            let batch = (0..<5).map { Self.record(Int32($0 % 2), Int64($0 / 2), Self.event($0), key: "k\($0)") }
            let first = try writer.write(batch)
            let again = try writer.write(batch + [Self.record(0, 3, Self.event(9))])
            let rows = try connection.query(
                """
                select kafka_partition, kafka_offset, event_id, quantity, convert_from(kafka_key, 'UTF8'),
                    kafka_headers->>'source', occurred_at = '2024-05-01 10:00:00+00', payload->>'event_id'
                from bronze.order_events order by 1, 2
                """
            ).map { row in (0..<8).map { row.string($0) ?? "NULL" } }
            return (first, again, rows)
        }
        #expect(first.loaded == 5)
        #expect(
            first.nextOffsets == [.init(topic: "orders", partition: 0): 3, .init(topic: "orders", partition: 1): 2])
        #expect(again.alreadyLoaded == 5)
        #expect(again.loaded == 1)
        #expect(rows.count == 6)
        #expect(rows.first == ["0", "0", "e0", "2", "k0", "test", "t", "e0"])
        #expect(rows.last == ["1", "1", "e3", "2", "k3", "test", "t", "e3"])
    }

    @Test("poison messages go to the rejects with their error, in the same batch as the good ones")
    func poisonMessages() async throws {
        let (outcome, rejects, loaded, offsets) = try await withWriter { writer, connection in
            let batch = [
                Self.record(0, 0, Self.event(0)),
                Self.record(0, 1, "{not json"),
                Self.record(0, 2, Self.event(2, quantity: "\"three\"")),
                Self.record(0, 3, Self.event(3, at: "yesterday-ish")),
                Self.record(0, 4, Self.event(4)),
            ]
            let outcome = try writer.write(batch)
            let rejects = try connection.query(
                "select kafka_offset, error, convert_from(raw, 'UTF8') from bronze.order_events_rejects order by 1"
            ).map { [$0.string(0) ?? "", $0.string(1) ?? "", $0.string(2) ?? ""] }
            let loaded = try connection.query("select kafka_offset from bronze.order_events order by 1")
                .compactMap { $0.string(0) }
            let offsets = try connection.query(
                "select next_offset, loaded_rows, rejected_rows from wh_meta.kafka_offsets"
            ).map { [$0.string(0), $0.string(1), $0.string(2)] }
            return (outcome, rejects, loaded, offsets)
        }
        #expect(outcome.loaded == 2)
        #expect(outcome.rejected == 3)
        #expect(loaded == ["0", "4"])
        #expect(rejects.map(\.[0]) == ["1", "2", "3"])
        #expect(rejects[0][1].hasPrefix("the payload is not valid JSON"))
        #expect(rejects[0][2] == "{not json")
        #expect(rejects[1][1] == "quantity: 'three' at lines.0.quantity does not fit integer")
        #expect(rejects[2][1].contains("yesterday-ish"), "Postgres's own error for the timestamp: \(rejects[2][1])")
        #expect(offsets == [["5", "2", "3"]])
    }

    @Test("an existing bronze table without ingest's columns is named with what it lacks")
    func tableMismatch() async throws {
        let error = try await TestDatabase.withConnection { connection -> String in
            try connection.execute("create schema bronze; create table bronze.order_events (id int)")
            do {
                try KafkaBatchWriter(connection: connection, source: Self.source).prepare()
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(error.contains("bronze.order_events exists without the columns Kafka ingest writes: kafka_topic"))
    }
}
