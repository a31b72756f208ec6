import PostgresClient
import WarehouseCore

/// A seed's build step inside ``RelationReplacement``'s transaction: a new table filled with `COPY`.
///
/// The table is always built under the scratch name and swapped in, as a table model is: readers keep reading the
/// old rows until `COMMIT` and wait only for the swap, never for the load, and the views on it are kept (see
/// ``DependentViews``). (Refilling the table in place with `truncate` + `COPY` would have kept its views too, but
/// held readers off the table for the whole load.) `fullRefresh` changes nothing for a seed any more; it stays for
/// the node-level `full_refresh` config that other materializations will honour.
///
/// The command tag is `INSERT <rows>`, as dbt reports a seed.
struct SeedLoad {
    let node: ExecutionNode
    let plan: SeedPlan
    let context: MaterializationContext

    private var statements: ModelStatements { ModelStatements(node: node, context: context) }

    func build(scratch: String) throws(ModelExecutionError) -> RelationReplacement.Build {
        var scratchPlan = plan
        scratchPlan.table.name = scratch
        try statements.execute(scratchPlan.createTableStatement, phase: .build)
        let rows = try copy(scratchPlan)
        try analyze(scratch)
        return RelationReplacement.Build(commandTag: "INSERT \(rows)", rowsAffected: rows)
    }

    /// Gathers planner statistics for the freshly loaded table.
    ///
    /// Without them the planner takes a new table for empty, and the first tests and models reading a large seed ran 30 times slower (1,000 tests: 68 s
    /// instead of 2 s) until autovacuum caught up.
    private func analyze(_ identifier: String) throws(ModelExecutionError) {
        try statements.execute("analyze \(statements.qualified(identifier))", phase: .loadSeed)
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
