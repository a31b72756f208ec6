import PostgresClient
import WarehouseCore

/// `snapshot`: a table keeping every version of its query's rows (dbt's snapshots, SCD type 2).
///
/// The first run builds the table from the query plus the meta columns (`dbt_scd_id`, `dbt_updated_at`,
/// `dbt_valid_from`, `dbt_valid_to`, and `dbt_is_deleted` for `hard_deletes: new_record`) under a scratch name and
/// swaps it in like a table (``RelationReplacement``), so readers never see it missing. Later runs
/// (``SnapshotStep``) close the changed versions and insert the new ones in one transaction. `--full-refresh` does not
/// rebuild a snapshot: its history exists nowhere else (dbt does the same).
public struct SnapshotMaterialization: Materialization {
    public init() {}

    public var executes: Bool { true }

    public func materialize(_ node: ExecutionNode, context: MaterializationContext) throws(ModelExecutionError)
        -> MaterializationOutcome
    {
        guard let plan = node.snapshot else {
            throw ModelExecutionError(node: node, phase: .snapshot, cause: .refused("the node is not a snapshot"))
        }
        let statements = ModelStatements(node: node, connection: context.connection)
        switch try statements.existingKind(of: node.relation.identifier) {
        case .table?:
            return try SnapshotStep(statements: statements, plan: plan).run()
        case nil:
            return try firstBuild(node, plan: plan, context: context, statements: statements)
        case let other?:
            throw ModelExecutionError(
                node: node, phase: .snapshot,
                cause: .refused(
                    "\(node.displayRelation) is a \(other.keyword), and a snapshot's history lives in a table; drop "
                        + "it or give the snapshot another alias"))
        }
    }

    private func firstBuild(
        _ node: ExecutionNode, plan: SnapshotPlan, context: MaterializationContext, statements: ModelStatements
    ) throws(ModelExecutionError) -> MaterializationOutcome {
        let sql = SnapshotSQL(config: plan.config)
        let replacement = RelationReplacement(node: node, context: context, kind: .table) {
            (scratch) throws(ModelExecutionError) in
            let created = try statements.runWrapped(
                prefix: "create table \(statements.qualified(scratch)) as (\nselect *,\n    \(sql.firstBuildColumns)\n"
                    + "from (\n",
                suffix: "\n) as snapshot_query\n)")
            let columns = try TableColumns(statements: statements).of(statements.qualified(scratch))
            // The query's own columns come before the meta columns the build adds.
            try SnapshotColumnCheck(statements: statements, plan: plan)
                .check(query: columns.dropLast(sql.addedColumnCount).map(\.name))
            return RelationReplacement.Build(commandTag: created.commandTag, rowsAffected: created.rowsAffected)
        }
        return try replacement.run()
    }
}
