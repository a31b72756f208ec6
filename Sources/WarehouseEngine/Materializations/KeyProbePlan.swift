import PostgresClient
import WarehouseCore

/// Keeps a merge (or a delete by key) of a few new rows into a large table on the table's index.
///
/// The planner costs each probe of the target's index as random page reads; with the table cached a probe takes
/// about 2 µs, while hashing the whole target takes about 0.35 µs a row (10,000 new rows into 1,000,000: 21 ms
/// probing, 320-360 ms hashing). A fresh temporary table has no statistics and is estimated from its size, near where
/// the two costs cross, so the same merge ran either way depending on the batch's size and the last `ANALYZE`. When
/// the new rows are under a tenth of the target's and a btree index leads with a key column, hash and merge joins
/// are turned off for the step's transaction, which leaves the nested loop over that index; otherwise the planner
/// chooses.
enum KeyProbePlan {
    /// The target's estimated rows and whether a usable index leads with one of the key columns; parameters: the
    /// target (quoted, qualified) and the key columns.
    static let catalogQuery = """
        select c.reltuples::float8, exists (
            select from pg_catalog.pg_index i
            join pg_catalog.pg_class ic on ic.oid = i.indexrelid
            join pg_catalog.pg_am am on am.oid = ic.relam and am.amname = 'btree'
            join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
            where i.indrelid = c.oid and i.indisvalid and i.indpred is null and a.attname = any($2::text[]))
        from pg_catalog.pg_class c where c.oid = $1::regclass
        """

    /// The `set local` statements for `newRows` rows, given `catalogQuery`'s answer; none when the planner chooses.
    static func settings(newRows: Int, catalog: QueryResult) -> [String] {
        guard let row = catalog.first, let targetRows = try? row.double(0), (try? row.bool(1)) == true,
            Double(newRows) * 10 < targetRows
        else { return [] }
        return ["set local enable_hashjoin = off", "set local enable_mergejoin = off"]
    }
}

extension IncrementalStep {
    /// Runs `KeyProbePlan`'s settings for `newRows` rows merged or deleted by `unique_key` (none without one).
    func probeByKey(newRows: Int) throws(ModelExecutionError) {
        guard !config.uniqueKey.isEmpty else { return }
        let catalog = try statements.query(
            KeyProbePlan.catalogQuery,
            [.string(statements.node.relation.schemaQualified), .textArray(config.uniqueKey)],
            phase: .incremental)
        let settings = KeyProbePlan.settings(newRows: newRows, catalog: catalog)
        if !settings.isEmpty { try statements.execute(settings.joined(separator: "; "), phase: .incremental) }
    }
}
