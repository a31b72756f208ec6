public import SQLTemplate

/// What running one unit test needs, once compiled: the model's SQL with each input read from a CTE, and the rows
/// for those CTEs and for the expected output, still to be typed from the database (see the engine's
/// `UnitTestMaterialization`).
public struct UnitTestPlan: Sendable, Hashable {
    /// One input, read by the model as the CTE `cteName`.
    public struct Input: Sendable, Hashable {
        /// As written: `ref('stg_orders')`.
        public var input: String
        public var cteName: String
        /// The relation whose columns type the rows (`dict`, `csv`); it need not hold any data.
        public var relation: Relation
        /// The rows, fixtures already read.
        public var rows: UnitTestRows
    }

    /// The model under test.
    public var model: NodeID
    public var modelName: String
    /// The model's SQL rendered with its inputs as CTE names (the CTEs themselves are added when run).
    public var modelSQL: String
    public var inputs: [Input]
    public var expected: UnitTestRows
}

extension UnitTestPlan {
    /// The model's SQL with `bodies` (one query per input, in ``inputs`` order) injected as the inputs' CTEs, the
    /// way ephemeral models are.
    public func modelSQL(withInputs bodies: [String]) -> String {
        EphemeralInjection.inject(
            zip(inputs, bodies).map { EphemeralInjection.CTE(name: $0.cteName, sql: $1) }, into: modelSQL)
    }
}
