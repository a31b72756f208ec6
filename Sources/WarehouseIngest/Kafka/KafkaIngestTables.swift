import PostgresClient
import WarehouseCore

/// The tables Kafka ingest writes: the bronze table, its rejects, and the stored offsets.
///
/// Bronze rows keep where each message came from (`kafka_topic`, `kafka_partition`, `kafka_offset`, `kafka_key`,
/// `kafka_headers`, `kafka_timestamp`), when it was loaded (`ingested_at`) and the payload (`jsonb`, or `text` for
/// the `text` format), plus the source's typed columns. The primary key on (topic, partition, offset) is the
/// backstop of exactly once: a bug that wrote a message twice fails its batch instead of duplicating a row.
struct KafkaIngestTables {
    let source: KafkaSourceSettings

    /// The offsets of every source, `wh_meta.kafka_offsets`: the next offset to load per partition.
    static let offsets = quoteQualifiedName("wh_meta", "kafka_offsets")

    var table: String { quoteQualifiedName(source.table.schema, source.table.name) }
    var rejects: String { quoteQualifiedName(source.table.schema, source.table.name + "_rejects") }

    /// The bronze columns, in COPY order.
    var columns: [String] {
        ["kafka_topic", "kafka_partition", "kafka_offset", "kafka_key", "kafka_headers", "kafka_timestamp", "payload"]
            + source.columns.map(\.name)
    }

    /// `CREATE ... IF NOT EXISTS` for the schemas and the three tables.
    var createStatements: [String] {
        let typed = source.columns.map { ",\n    \(quoteIdentifier($0.name)) \($0.type)" }.joined()
        return [
            "create schema if not exists \(quoteIdentifier(source.table.schema))",
            "create schema if not exists wh_meta",
            """
            create table if not exists \(table) (
                kafka_topic text not null,
                kafka_partition integer not null,
                kafka_offset bigint not null,
                kafka_key bytea,
                kafka_headers jsonb,
                kafka_timestamp timestamptz,
                ingested_at timestamptz not null default now(),
                payload \(source.format == .json ? "jsonb" : "text")\(typed),
                primary key (kafka_topic, kafka_partition, kafka_offset)
            )
            """,
            """
            create table if not exists \(rejects) (
                kafka_topic text not null,
                kafka_partition integer not null,
                kafka_offset bigint not null,
                kafka_key bytea,
                raw bytea,
                error text not null,
                rejected_at timestamptz not null default now(),
                primary key (kafka_topic, kafka_partition, kafka_offset)
            )
            """,
            """
            create table if not exists \(Self.offsets) (
                source text not null,
                topic text not null,
                partition integer not null,
                next_offset bigint not null,
                loaded_rows bigint not null default 0,
                rejected_rows bigint not null default 0,
                updated_at timestamptz not null default now(),
                primary key (source, topic, partition)
            )
            """,
        ]
    }

    /// The bronze table's columns that are missing, for a table made before the source gained them.
    func missingColumns(on connection: Connection) throws(PostgresError) -> [String] {
        let existing = try connection.query(
            """
            select attname::text from pg_catalog.pg_attribute
            where attrelid = $1::regclass and attnum > 0 and not attisdropped
            """, [.string(table)]
        ).compactMap { $0.string(0) }
        return columns.filter { !existing.contains($0) }
    }
}
