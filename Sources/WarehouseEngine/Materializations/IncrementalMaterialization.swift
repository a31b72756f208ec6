import WarehouseCore

/// `incremental`: a table that later runs extend instead of rebuilding.
///
/// When the table does not exist yet (or is a view), or the run is a full refresh (`--full-refresh`, unless the
/// model's config says `full_refresh: false`; `full_refresh: true` always rebuilds), the whole table is built as the
/// ``TableMaterialization`` builds it, atomically and keeping the views on it (``RelationReplacement``). Otherwise
/// ``IncrementalStep`` merges the compiled SQL's rows into the existing table in one transaction. A microbatch model
/// runs in batches of time instead (``MicrobatchRun``).
public struct IncrementalMaterialization: Materialization {
    public init() {}

    public var executes: Bool { true }

    public func materialize(_ node: ExecutionNode, context: MaterializationContext) throws(ModelExecutionError)
        -> MaterializationOutcome
    {
        let config = node.incremental ?? IncrementalConfig()
        if let batching = config.microbatch {
            return try MicrobatchRun(node: node, config: config, batching: batching, context: context).run()
        }
        let statements = ModelStatements(node: node, connection: context.connection)
        let fullRefresh = config.fullRefresh ?? context.fullRefresh
        guard !fullRefresh, try statements.existingKind(of: node.relation.identifier) == .table else {
            return try RelationReplacement(node: node, context: context, kind: .table).run()
        }
        return try IncrementalStep(statements: statements, config: config).run()
    }
}
