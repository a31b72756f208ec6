import PostgresClient
import WarehouseCore

/// One run of a snapshot whose table exists, in one transaction: a failure leaves the table as it was, and readers
/// see the old versions until `COMMIT` (the step takes only row locks, and `ACCESS EXCLUSIVE` for an `alter table`).
///
/// Inside `BEGIN` ... `COMMIT`: the `pre_hook`s; the query into `<name>__wh_snap` (temporary); its columns checked
/// (``SnapshotColumnCheck``) and the new ones added to the table; then, both computed from the table before it
/// changes, the versions to close (changed rows, and rows that left the query unless `hard_deletes: ignore`) into
/// `<name>__wh_close` and the versions to insert (new and changed rows, and `new_record`'s deletion records) into
/// `<name>__wh_open`; the `update` closing versions by `dbt_scd_id`, the `insert`; grants and `post_hook`s.
struct SnapshotStep {
    let statements: ModelStatements
    let plan: SnapshotPlan

    private var node: ExecutionNode { statements.node }
    private var sql: SnapshotSQL { SnapshotSQL(config: plan.config) }
    private var meta: SnapshotConfig.MetaColumns { plan.config.metaColumns }
    private var target: String { node.relation.schemaQualified }

    private func scratch(_ suffix: String) -> String {
        "pg_temp." + quoteIdentifier(ScratchName.make(node.relation.identifier, suffix: suffix))
    }

    func run() throws(ModelExecutionError) -> MaterializationOutcome {
        let grants = try GrantStatements(node: node).statements()
        let (source, closing, opening) = (scratch("__wh_snap"), scratch("__wh_close"), scratch("__wh_open"))
        return try statements.inTransaction { () throws(ModelExecutionError) in
            for table in [source, closing, opening] {
                try statements.execute("drop table if exists \(table)", phase: .swap)
            }
            try statements.runPreHooks()
            _ = try statements.runWrapped(prefix: "create temporary table \(source) on commit drop as (\n")
            let columns = try TableColumns(statements: statements).of([source, target])
            let queryColumns = columns[0]
            try SnapshotColumnCheck(statements: statements, plan: plan).check(query: queryColumns.map(\.name))
            let checkColumns = try prepareTable(queryColumns: queryColumns, existing: columns[1])
            let inputs = sql.inputs(source: source, target: target)
            let changed = sql.changed(checkColumns: checkColumns)
            try statements.execute(
                "create temporary table \(closing) on commit drop as\n\(inputs)\n"
                    + closingVersions(changed: changed),
                phase: .snapshot)
            let names = queryColumns.map { quoteIdentifier($0.name) }
            try statements.execute(
                "create temporary table \(opening) on commit drop as\n\(inputs)\n"
                    + openingVersions(changed: changed, columns: names),
                phase: .snapshot)
            try statements.execute(
                """
                update \(target) as t set \(meta.validTo) = closing.valid_to
                from \(closing) as closing
                where closing.scd_id::text = t.\(meta.scdID)::text and \(sql.isCurrent("t"))
                """,
                phase: .snapshot)
            var inserted = names + [meta.scdID, meta.updatedAt, meta.validFrom, meta.validTo]
            if plan.config.hardDeletes == .newRecord { inserted.append(meta.isDeleted) }
            let list = inserted.joined(separator: ", ")
            let result = try statements.execute(
                "insert into \(target) (\(list))\nselect \(list) from \(opening)", phase: .snapshot)
            try statements.finish(grants: grants)
            return MaterializationOutcome(commandTag: result.commandTag, rowsAffected: result.rowsAffected)
        }
    }

    /// Adds the query's new columns to the table (and `dbt_is_deleted` when `new_record` starts on an older
    /// snapshot), refusing a table without the meta columns; returns the check strategy's compared columns that the
    /// table already had (nil when one is new, which marks every row changed, as in dbt).
    private func prepareTable(queryColumns: [TableColumns.Column], existing: [TableColumns.Column])
        throws(ModelExecutionError) -> [String]?
    {
        let existingNames = Set(existing.map { $0.name.lowercased() })
        let required = [meta.scdID, meta.validFrom, meta.validTo, meta.updatedAt]
        let missing = required.filter { !existingNames.contains($0.lowercased()) }
        guard missing.isEmpty else {
            throw ModelExecutionError(
                node: node, phase: .snapshot,
                cause: .refused(
                    "\(node.displayRelation) has no column " + missing.joined(separator: ", ")
                        + ", so it is no table of this snapshot (were snapshot_meta_column_names changed?); rename "
                        + "its columns, or drop it to start the history again"),
                sourceLocation: plan.location)
        }
        let added = queryColumns.filter { !existingNames.contains($0.name.lowercased()) }
        for column in added {
            try statements.execute(
                "alter table \(target) add column \(quoteIdentifier(column.name)) \(column.type)", phase: .snapshot)
        }
        if plan.config.hardDeletes == .newRecord, !existingNames.contains(meta.isDeleted.lowercased()) {
            try statements.execute("alter table \(target) add column \(meta.isDeleted) text", phase: .snapshot)
        }
        guard case .check(let configured, _) = plan.config.strategy else { return [] }
        let addedNames = Set(added.map { $0.name.lowercased() })
        let compared =
            configured.map { names in
                names.map { name in queryColumns.first { $0.name.lowercased() == name.lowercased() }?.name ?? name }
            } ?? queryColumns.map(\.name)
        return compared.contains { addedNames.contains($0.lowercased()) } ? nil : compared
    }

    /// `(scd_id, valid_to)` of each current version to close: its row changed (closed at the row's `updated_at`),
    /// or it left the query (closed now) unless hard deletes are ignored.
    private func closingVersions(changed: String) -> String {
        var query = """
            select c.\(meta.scdID) as scd_id, s.wh_updated_at as valid_to
            from s join c on \(sql.sameKey)
            where \(changed)
            """
        if plan.config.hardDeletes != .ignore {
            query += """

                union all
                select c.\(meta.scdID), \(SnapshotSQL.now)
                from c left join s on \(sql.sameKey)
                where \(sql.deleted)
                """
        }
        return query
    }

    /// The versions to insert: rows new to the snapshot or changed, and for `new_record` a deletion record per
    /// current version whose row left the query.
    private func openingVersions(changed: String, columns: [String]) -> String {
        var query = """
            select \(columns.map { "s.\($0)" }.joined(separator: ", ")), \(sql.newVersionColumns())
            from s left join c on \(sql.sameKey)
            where c.wh_key_1 is null or (\(changed))
            """
        if plan.config.hardDeletes == .newRecord {
            query += """

                union all
                select \(columns.map { "c.\($0)" }.joined(separator: ", ")), \(sql.deletionRecordColumns())
                from c left join s on \(sql.sameKey)
                where \(sql.deleted)
                """
        }
        return query
    }
}
