import PostgresClient
import WarehouseCore

/// One incremental run of a model whose table exists: the new rows merged in, all in one transaction.
///
/// Inside `BEGIN` ... `COMMIT`: the `pre_hook`s; `create temporary table <name>__wh_incr on commit drop as
/// (<compiled SQL>)`; the columns compared with the table's (`on_schema_change`, ``SchemaChangePlan``); the
/// strategy's statements (`append`: insert; `delete+insert`: delete the rows whose `unique_key` matches, then
/// insert; `merge`: Postgres 15 `MERGE` on `unique_key`); the grants and the `post_hook`s. Any failure rolls it all
/// back: the table keeps its rows and columns. The SQL follows dbt-postgres 1.11's macros, so
/// `incremental_predicates` written for dbt (naming `DBT_INTERNAL_DEST` and `DBT_INTERNAL_SOURCE` in a merge, the
/// target's name in a delete) work unchanged.
///
/// The new rows go through a temporary table even where one statement reads them once (merge, append): read through
/// a view, the usual `where key > (select max(key) from {{ this }})` is estimated at a third of the source, and the
/// merge hash-joins the whole target (measured: 300 ms instead of 40 for 10,000 new rows into 1,000,000), while a
/// fresh temporary table is estimated from its size.
///
/// One batch of a microbatch model is a step too: its `compiledSQL` is bound to the batch's `window`, it merges on
/// `unique_key` (dbt-postgres's microbatch) or, without one, replaces the window's rows, and `beforeCommit` records
/// the batch in the ledger inside the same transaction.
struct IncrementalStep {
    let statements: ModelStatements
    let config: IncrementalConfig
    /// The batch this step builds, for a microbatch model.
    var window: MicrobatchBatch?
    /// Runs last inside the transaction, with the result of the statement that wrote the rows.
    var beforeCommit: (QueryResult) throws(ModelExecutionError) -> Void = { _ throws(ModelExecutionError) in }

    private var node: ExecutionNode { statements.node }
    private var target: String { node.relation.schemaQualified }
    private var scratchName: String { ScratchName.make(node.relation.identifier, suffix: "__wh_incr") }
    private var source: String { "pg_temp.\(quoteIdentifier(scratchName))" }

    func run() throws(ModelExecutionError) -> MaterializationOutcome {
        let grants = try GrantStatements(node: node).statements()
        return try statements.inTransaction { () throws(ModelExecutionError) in
            try statements.execute("drop table if exists \(source)", phase: .swap)
            try statements.runPreHooks()
            let created = try statements.runWrapped(
                prefix: "create temporary table \(quoteIdentifier(scratchName)) on commit drop as (\n")
            let columns = try TableColumns(statements: statements).of([target, source])
            let plan = try SchemaChangePlan(
                node: node, mode: config.onSchemaChange, target: columns[0], source: columns[1])
            for alteration in plan.alterations(of: target) {
                try statements.execute(alteration, phase: .schemaChange)
            }
            let result = try apply(columns: plan.destinationColumns, newRows: created.rowsAffected ?? 0)
            try statements.finish(grants: grants)
            try beforeCommit(result)
            return MaterializationOutcome(commandTag: result.commandTag, rowsAffected: result.rowsAffected)
        }
    }

    /// Runs the strategy's statements for the `newRows` rows; returns the result of the one that wrote them.
    private func apply(columns: [String], newRows: Int) throws(ModelExecutionError) -> QueryResult {
        let list = columns.map(quoteIdentifier).joined(separator: ", ")
        let insert = "insert into \(target) (\(list))\nselect \(list) from \(source)"
        switch config.strategy {
        case .append:
            return try statements.execute(insert, phase: .incremental)
        case .deleteInsert:
            if let delete = deleteStatement() {
                try probeByKey(newRows: newRows)
                try statements.execute(delete, phase: .incremental)
            }
            return try statements.execute(insert, phase: .incremental)
        case .merge:
            try probeByKey(newRows: newRows)
            return try statements.execute(mergeStatement(columns: columns), phase: .incremental)
        case .microbatch:
            guard config.uniqueKey.isEmpty else {
                try probeByKey(newRows: newRows)
                return try statements.execute(mergeStatement(columns: columns), phase: .incremental)
            }
            if let delete = windowDeleteStatement() {
                try statements.execute(delete, phase: .incremental)
            }
            return try statements.execute(insert, phase: .incremental)
        }
    }

    /// A microbatch without `unique_key`: the batch's window is emptied before its rows go in (dbt's default
    /// microbatch strategy, which dbt-postgres replaces by a merge that needs a key).
    private func windowDeleteStatement() -> String? {
        guard let window, let eventTime = config.microbatch?.eventTime else { return nil }
        let predicates = config.predicates.map { "\n  and \($0)" }.joined()
        let start = MicrobatchTimestamp.sql(window.start)
        let end = MicrobatchTimestamp.sql(window.end)
        return "delete from \(target)\nwhere \(eventTime) >= '\(start)' and \(eventTime) < '\(end)'\(predicates)"
    }

    /// dbt's `delete+insert` delete: by `unique_key` (one column, or `using` the new rows for several), and the
    /// predicates; `nil` without a `unique_key` (every row is inserted, as dbt does).
    private func deleteStatement() -> String? {
        let predicates = config.predicates.map { "\n  and \($0)" }.joined()
        switch config.uniqueKey.count {
        case 0:
            return nil
        case 1:
            let key = quoteIdentifier(config.uniqueKey[0])
            return "delete from \(target)\nwhere (\(key)) in (select (\(key)) from \(source))\(predicates)"
        default:
            let matches = config.uniqueKey.map { key in
                "\(source).\(quoteIdentifier(key)) = \(target).\(quoteIdentifier(key))"
            }
            return "delete from \(target)\nusing \(source)\nwhere (\(matches.joined(separator: " and ")))\(predicates)"
        }
    }

    /// dbt-postgres's `MERGE`: matched on `unique_key` (never, without one) and the predicates; matched rows get the
    /// update columns, the others are inserted.
    private func mergeStatement(columns: [String]) -> String {
        var conditions = config.predicates.map { "(\($0))" }
        if config.uniqueKey.isEmpty {
            conditions.append("FALSE")
        } else {
            let matches = config.uniqueKey.map { key in
                "DBT_INTERNAL_SOURCE.\(quoteIdentifier(key)) = DBT_INTERNAL_DEST.\(quoteIdentifier(key))"
            }
            conditions.append("(\(matches.joined(separator: " and ")))")
        }
        let excluded = Set(config.mergeExcludeColumns.map { $0.lowercased() })
        let updated = (config.mergeUpdateColumns ?? columns).filter { !excluded.contains($0.lowercased()) }
        var sql = """
            merge into \(target) as DBT_INTERNAL_DEST
            using \(source) as DBT_INTERNAL_SOURCE
            on \(conditions.joined(separator: " and "))
            """
        if !config.uniqueKey.isEmpty, !updated.isEmpty {
            let assignments = updated.map { "\(quoteIdentifier($0)) = DBT_INTERNAL_SOURCE.\(quoteIdentifier($0))" }
            sql += "\nwhen matched then update set \(assignments.joined(separator: ", "))"
        }
        let list = columns.map(quoteIdentifier).joined(separator: ", ")
        let values = columns.map { "DBT_INTERNAL_SOURCE.\(quoteIdentifier($0))" }.joined(separator: ", ")
        sql += "\nwhen not matched then insert (\(list)) values (\(values))"
        return sql
    }
}
