/// `view`: builds `<name>__wh_tmp` as a view and swaps it in atomically (see ``RelationReplacement``).
///
/// `create or replace view` is not used: it fails when a column is renamed, dropped or changes type, and it
/// cannot replace a table. Indexes are ignored for views, as dbt-postgres does.
public struct ViewMaterialization: Materialization {
    public init() {}

    public var executes: Bool { true }

    public func materialize(_ node: ExecutionNode, context: MaterializationContext) throws(ModelExecutionError)
        -> MaterializationOutcome
    {
        try RelationReplacement(node: node, context: context, kind: .view).run()
    }
}
