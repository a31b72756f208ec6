/// `table`: builds `<name>__wh_tmp` with `create table as`, indexes it, and swaps it in atomically.
///
/// See ``RelationReplacement``. A failing build leaves the previous table and its rows untouched.
public struct TableMaterialization: Materialization {
    public init() {}

    public var executes: Bool { true }

    public func materialize(_ node: ExecutionNode, context: MaterializationContext) throws(ModelExecutionError)
        -> MaterializationOutcome
    {
        try RelationReplacement(node: node, context: context, kind: .table).run()
    }
}
