/// `ephemeral`: the compiler inlines the model as a CTE into its children, so there is nothing to execute.
public struct EphemeralMaterialization: Materialization {
    public init() {}

    public var executes: Bool { false }

    public func materialize(_ node: ExecutionNode, context: MaterializationContext) throws(ModelExecutionError)
        -> MaterializationOutcome
    {
        MaterializationOutcome(commandTag: nil, rowsAffected: nil)
    }
}
