import PostgresClient
import WarehouseCore

/// A seed's build step inside ``RelationReplacement``'s transaction: refill the table in place, or fill a new one.
///
/// It first creates the scratch table `<name>__wh_tmp` with the planned columns, which also lets Postgres spell the
/// planned types the way it spells the existing table's (`int` and `integer`, `varchar(3)` and
/// `character varying(3)` compare equal). Then:
/// - when a table of that name exists with the same column names and types, in the same order, and no full refresh
///   was asked for, the scratch table is dropped and the table is refilled in place: `truncate` + `COPY`. Views on
///   it survive; readers wait on the `truncate`'s lock until `COMMIT`, then see the new rows (never a missing or
///   empty table);
/// - otherwise the rows are copied into the scratch table, which ``RelationReplacement`` swaps in.
///
/// The command tag is `INSERT <rows>`, as dbt reports a seed, whichever path ran.
struct SeedLoad {
    let node: ExecutionNode
    let plan: SeedPlan
    let context: MaterializationContext
    let fullRefresh: Bool

    private var statements: ModelStatements { ModelStatements(node: node, connection: context.connection) }

    func build(scratch: String) throws(ModelExecutionError) -> RelationReplacement.Build {
        var scratchPlan = plan
        scratchPlan.table.name = scratch
        try statements.execute(scratchPlan.createTableStatement, phase: .build)
        let target = node.relation.identifier
        if !fullRefresh, try statements.existingKind(of: target) == .table,
            try columns(of: target) == columns(of: scratch)
        {
            try statements.execute("drop table \(statements.qualified(scratch))", phase: .swap)
            try statements.setLockTimeout(context.swapLockTimeout)
            try statements.execute("truncate table \(statements.qualified(target))", phase: .swap)
            let rows = try copy(plan)
            try analyze(target)
            return .inPlace(commandTag: "INSERT \(rows)", rowsAffected: rows)
        }
        let rows = try copy(scratchPlan)
        try analyze(scratch)
        return .scratch(commandTag: "INSERT \(rows)", rowsAffected: rows)
    }

    /// Gathers planner statistics for the freshly loaded table.
    ///
    /// Without them the planner takes a new table for empty, and the first tests and models reading a large seed ran 30 times slower (1,000 tests: 68 s
    /// instead of 2 s) until autovacuum caught up.
    private func analyze(_ identifier: String) throws(ModelExecutionError) {
        try statements.execute("analyze \(statements.qualified(identifier))", phase: .loadSeed)
    }

    /// The table's columns in order, as `name type` with the type spelled by `format_type`.
    private func columns(of identifier: String) throws(ModelExecutionError) -> [String] {
        let result = try statements.query(
            """
            select a.attname::text || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)
            from pg_catalog.pg_attribute a
            where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped
            order by a.attnum
            """,
            [.string(statements.qualified(identifier))],
            phase: .swap
        )
        return result.compactMap { $0.string(0) }
    }

    /// Streams the file into `plan`'s table; returns the rows copied.
    ///
    /// A value Postgres rejects is located at its line and column in the CSV file.
    private func copy(_ plan: SeedPlan) throws(ModelExecutionError) -> Int {
        do {
            return try context.connection.copyIn(plan.copyStatement) { writer in
                try plan.forEachCopyChunk { chunk in try writer.write(chunk) }
            }
        } catch let error as SeedError {
            throw ModelExecutionError(node: node, phase: .loadSeed, cause: .seed(error))
        } catch let error as PostgresError {
            throw ModelExecutionError(
                node: node, phase: .loadSeed, cause: .postgres(error), sourceLocation: plan.location(of: error))
        } catch {
            throw ModelExecutionError(node: node, phase: .loadSeed, cause: .refused("reading \(node.path): \(error)"))
        }
    }
}
