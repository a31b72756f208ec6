import Foundation
import KafkaClient
import PostgresClient
import WarehouseCore

/// Writes a batch of messages into the bronze table with `COPY`, their rejects, and the partitions' next offsets,
/// all in one transaction: the offsets move exactly when the rows land.
///
/// Exactly once: the transaction first locks the offset row of every partition in the batch (`for update`) and
/// keeps only messages at or past the stored offset. A message loaded before (a consumer that re-read it after a
/// crash, or a second consumer that still held the partition during a rebalance) is dropped here, and two writers
/// of one partition wait for each other.
struct KafkaBatchWriter {
    let connection: Connection
    let source: KafkaSourceSettings
    private let encoder: KafkaRecordEncoder

    init(connection: Connection, source: KafkaSourceSettings) {
        self.connection = connection
        self.source = source
        self.encoder = KafkaRecordEncoder(source: source)
    }

    private var tables: KafkaIngestTables { KafkaIngestTables(source: source) }

    /// What a batch did.
    struct Outcome: Hashable {
        var loaded = 0
        var rejected = 0
        /// Messages dropped because their offsets were already loaded.
        var alreadyLoaded = 0
        /// The next offset of each partition in the batch, as stored.
        var nextOffsets: [KafkaTopicPartition: Int64] = [:]
    }

    /// Creates the tables when missing; fails naming the columns an existing bronze table lacks.
    func prepare() throws(KafkaIngestError) {
        do {
            try connection.createMissing(tables.createStatements)
            let missing = try tables.missingColumns(on: connection)
            guard missing.isEmpty else {
                throw KafkaIngestError.tableMismatch(table: "\(source.table)", missing: missing)
            }
        } catch let error as KafkaIngestError {
            throw error
        } catch let error as PostgresError {
            throw KafkaIngestError.postgres(error)
        } catch {
            throw KafkaIngestError.postgres(PostgresError(kind: .client, message: "\(error)"))
        }
    }

    /// The stored next offset of each of `partitions` that has one.
    func storedOffsets(_ partitions: [KafkaTopicPartition]) throws(PostgresError) -> [KafkaTopicPartition: Int64] {
        let rows = try connection.query(
            "select topic, partition, next_offset from \(KafkaIngestTables.offsets) where source = $1",
            [.string(source.name)])
        var offsets: [KafkaTopicPartition: Int64] = [:]
        let wanted = Set(partitions)
        for row in rows {
            guard let topic = row.string(0), let partition = row.string(1).flatMap({ Int32($0) }),
                let next = row.string(2).flatMap({ Int64($0) })
            else { continue }
            let key = KafkaTopicPartition(topic: topic, partition: partition)
            if wanted.contains(key) { offsets[key] = next }
        }
        return offsets
    }

    /// Writes `records` (in offset order per partition) in one transaction.
    func write(_ records: [KafkaMessage]) throws(PostgresError) -> Outcome {
        do {
            return try connection.transaction { _ in try writeInTransaction(records) }
        } catch let error as PostgresError {
            throw error
        } catch {
            throw PostgresError(kind: .client, message: "\(error)")
        }
    }

    private func writeInTransaction(_ records: [KafkaMessage]) throws(PostgresError) -> Outcome {
        var outcome = Outcome()
        let partitions = Set(records.map(\.topicPartition)).sorted()
        for partition in partitions {
            try connection.query(
                """
                insert into \(KafkaIngestTables.offsets) (source, topic, partition, next_offset)
                values ($1, $2, $3, 0) on conflict do nothing
                """, [.string(source.name), .string(partition.topic), .int(Int(partition.partition))])
        }
        var stored: [KafkaTopicPartition: Int64] = [:]
        for partition in partitions {
            let row = try connection.query(
                """
                select next_offset from \(KafkaIngestTables.offsets)
                where source = $1 and topic = $2 and partition = $3 for update
                """, [.string(source.name), .string(partition.topic), .int(Int(partition.partition))]
            ).first
            stored[partition] = row?.string(0).flatMap { Int64($0) } ?? 0
        }
        var fresh: [KafkaMessage] = []
        fresh.reserveCapacity(records.count)
        for record in records {
            if record.offset >= stored[record.topicPartition] ?? 0 {
                fresh.append(record)
            } else {
                outcome.alreadyLoaded += 1
            }
        }
        var rows = CopyRows()
        var rejects: [(record: KafkaMessage, reason: String)] = []
        try copy(encoding: fresh, into: &rows, rejecting: &rejects)
        for (record, reason) in rejects {
            try connection.query(
                """
                insert into \(tables.rejects) (kafka_topic, kafka_partition, kafka_offset, kafka_key, raw, error)
                values ($1, $2, $3, $4, $5, $6)
                """,
                [
                    .string(record.topic), .int(Int(record.partition)), .int(Int(record.offset)),
                    record.key.map { .bytes($0) }, .bytes(record.value), .string(reason),
                ])
        }
        outcome.loaded = rows.records.count
        outcome.rejected = rejects.count
        // One pass over the batch: each partition's last offset, messages stored, and rejects among them.
        var tallies: [KafkaTopicPartition: (last: Int64, stored: Int, rejected: Int)] = [:]
        for record in fresh {
            let tally = tallies[record.topicPartition] ?? (record.offset, 0, 0)
            tallies[record.topicPartition] = (max(tally.last, record.offset), tally.stored + 1, tally.rejected)
        }
        for (record, _) in rejects { tallies[record.topicPartition]?.rejected += 1 }
        for partition in partitions {
            guard let (last, written, rejected) = tallies[partition] else {
                outcome.nextOffsets[partition] = stored[partition]
                continue
            }
            try connection.query(
                """
                update \(KafkaIngestTables.offsets)
                set next_offset = $4, loaded_rows = loaded_rows + $5, rejected_rows = rejected_rows + $6,
                    updated_at = now()
                where source = $1 and topic = $2 and partition = $3
                """,
                [
                    .string(source.name), .string(partition.topic), .int(Int(partition.partition)),
                    .int(Int(last + 1)), .int(written - rejected), .int(rejected),
                ])
            outcome.nextOffsets[partition] = last + 1
        }
        return outcome
    }

    /// The COPY data of a batch: every line in one buffer, where each ends, and the message it came from.
    private struct CopyRows {
        var data: [UInt8] = []
        var ends: [Int] = []
        var records: [KafkaMessage] = []

        /// Takes line `index` (0-based) out, returning its message.
        mutating func remove(at index: Int) -> KafkaMessage {
            let start = index == 0 ? 0 : ends[index - 1]
            let length = ends[index] - start
            data.removeSubrange(start..<ends[index])
            ends.remove(at: index)
            for later in index..<ends.count { ends[later] -= length }
            return records.remove(at: index)
        }
    }

    /// Encodes `records` and COPYs them, 64 KiB at a time as they are encoded.
    ///
    /// The server parses while the next rows are encoded, so the two halves of the work share the machine's cores.
    /// Messages the encoder refuses go to `rejects`. A row the server refuses (a data error at a known COPY line) moves to the rejects and the
    /// rest is copied again from `rows`, under a savepoint so the transaction survives.
    private func copy(
        encoding records: [KafkaMessage], into rows: inout CopyRows,
        rejecting rejects: inout [(record: KafkaMessage, reason: String)]
    ) throws(PostgresError) {
        let statement =
            "copy \(tables.table) (\(tables.columns.map(quoteIdentifier).joined(separator: ", "))) from stdin"
        var pending = records[...]
        func encode(_ record: KafkaMessage) {
            do throws(KafkaRecordEncoder.Rejection) {
                try encoder.append(record, to: &rows.data)
                rows.ends.append(rows.data.count)
                rows.records.append(record)
            } catch {
                rejects.append((record, error.message))
            }
        }
        while !pending.isEmpty || !rows.records.isEmpty {
            try connection.execute("savepoint wh_copy")
            do {
                _ = try connection.copyIn(statement) { writer in
                    if pending.isEmpty { try writer.write(rows.data) }
                    var sent = rows.data.count
                    while let record = pending.popFirst() {
                        encode(record)
                        guard rows.data.count - sent >= 1 << 16 || pending.isEmpty else { continue }
                        try writer.write(Array(rows.data[sent...]))
                        sent = rows.data.count
                    }
                }
                try connection.execute("release savepoint wh_copy")
                return
            } catch let error as PostgresError {
                // A failure while sending leaves messages not yet encoded: encode them before copying again.
                while let record = pending.popFirst() { encode(record) }
                try connection.execute("rollback to savepoint wh_copy")
                // Class 22 is a data exception (a value that does not fit); anything else is not the message's fault.
                guard error.sqlstate?.hasPrefix("22") == true, let line = error.copyLineNumber,
                    rows.records.indices.contains(line - 1)
                else { throw error }
                rejects.append((rows.remove(at: line - 1), error.message))
            } catch {
                throw PostgresError(kind: .client, message: "\(error)")
            }
        }
    }
}
