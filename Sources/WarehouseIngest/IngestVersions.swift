public import PostgresClient
public import WarehouseCore

/// A version of each table `wh ingest` loads, from its own bookkeeping, that changes with every load it commits: for
/// CSV ingest the files in `wh_meta.ingest_files`, for Kafka ingest the stored offsets in `wh_meta.kafka_offsets`.
///
/// A build compares these with what it recorded to tell whether a source changed (`UpToDateSources` in the engine);
/// both tables are written in the same transaction as the rows, so a version never runs ahead of the data.
public enum IngestVersions {
    /// The version of every table something was ingested into, by `schema.table`; tables of `kafka` sources by the
    /// sources' names (the offsets are stored per source).
    public static func read(kafka: [KafkaSourceSettings], on connection: Connection) throws(PostgresError) -> [String:
        String]
    {
        var versions: [String: String] = [:]
        if try exists("wh_meta.ingest_files", on: connection) {
            let rows = try connection.query(
                """
                select target_table, 'files:' || count(*) || ':' || max(id) from \(IngestLedger.table)
                group by target_table
                """)
            for row in rows {
                if let table = row.string(0), let version = row.string(1) { versions[table] = version }
            }
        }
        guard !kafka.isEmpty else { return versions }
        var offsets: [String: String] = [:]
        if try exists("wh_meta.kafka_offsets", on: connection) {
            let rows = try connection.query(
                """
                select source, string_agg(topic || '/' || partition || '@' || next_offset, ',' order by topic, partition)
                from \(KafkaIngestTables.offsets) group by source
                """)
            for row in rows {
                if let source = row.string(0), let version = row.string(1) { offsets[source] = version }
            }
        }
        // Only Kafka ingest writes a source's table, so no stored offset means no row yet: a version too.
        for source in kafka {
            let table = source.table.description
            versions[table] = [versions[table], "kafka:\(source.name):" + (offsets[source.name] ?? "")].compactMap {
                $0
            }
            .joined(separator: ";")
        }
        return versions
    }

    private static func exists(_ table: String, on connection: Connection) throws(PostgresError) -> Bool {
        try connection.query("select to_regclass($1) is not null", [.string(table)]).first?.string(0) == "t"
    }
}
