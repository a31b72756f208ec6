public import SQLTemplate

/// A data test attached in a property file: `unique`, or `{relationships: {to: "ref('customers')", field: id}}`.
public struct TestDefinition: Sendable, Hashable {
    /// The generic test's name as written, possibly namespaced (`unique`, `dbt_utils.expression_is_true`).
    public var testName: String
    /// A custom node name (`name:`), when given.
    public var name: String?
    /// The test's keyword arguments in written order, unrendered (strings may hold Jinja).
    public var arguments: [Literal.KeyValue]
    /// `config:` plus dbt's legacy config keys written among the arguments (`severity`, `where`, ...).
    public var config: [String: Literal]
    public var description: String?
    public var location: SourceLocation

    public init(
        testName: String,
        name: String? = nil,
        arguments: [Literal.KeyValue] = [],
        config: [String: Literal] = [:],
        description: String? = nil,
        location: SourceLocation
    ) {
        self.testName = testName
        self.name = name
        self.arguments = arguments
        self.config = config
        self.description = description
        self.location = location
    }
}
