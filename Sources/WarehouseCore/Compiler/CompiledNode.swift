public import SQLTemplate

/// A seed, model, test or source after compilation: its relation, its SQL and what it depends on.
public struct CompiledNode: Sendable {
    public var id: NodeID
    public var name: String
    public var resourceType: ResourceType
    public var packageName: String
    /// The defining file relative to the project root (for sources and generic tests: the property file).
    public var path: String
    public var fqn: [String]
    /// The resolved configuration: project folders, then property files, then `config()` in the file.
    public var config: NodeConfig
    /// Where it lives in the warehouse; nil for tests (until they store failures) and for ephemeral models.
    public var relation: Relation?
    public var rawCode: String
    /// The rendered SQL, with ephemeral parents injected as CTEs; empty for seeds and sources.
    public var compiledCode: String
    /// Parents in the graph, sorted.
    public var dependsOn: [NodeID]
    /// sha256 of the defining file's text, as in dbt's `checksum`.
    public var checksum: String
    public var description: String
    public var columns: [ColumnInfo]
    /// For generic tests: which test, on what, with which arguments.
    public var testMetadata: TestMetadata?
    /// The model file's line for each line of `compiledCode` (index 0 is line 1), 0 for injected CTE lines;
    /// empty for generic tests, whose SQL comes from a macro.
    public var sourceLines: [Int]
    /// `pre_hook` and `post_hook` statements, rendered in the node's context.
    public var preHooks: [String]
    public var postHooks: [String]
    /// For generic tests: the compiled file's name without `.sql` (dbt shortens long names with a hash).
    public var compiledFileName: String?
    /// Where the definition starts, for messages that point at it.
    public var location: SourceLocation
    /// For a unit test (`materialized: unit`): the model, its inputs' rows and the expected rows.
    public var unitTest: UnitTestPlan? = nil

    /// The line of the defining file that produced line `compiledLine` (1-based) of the compiled SQL, when known.
    public func sourceLine(forCompiledLine compiledLine: Int) -> Int? {
        guard compiledLine >= 1, compiledLine <= sourceLines.count, sourceLines[compiledLine - 1] > 0 else {
            return nil
        }
        return sourceLines[compiledLine - 1]
    }

    /// The configured materialization (`view`, `table`, `incremental`, `ephemeral`, `seed`, `test`).
    public var materialized: String { config.materialized }
}

/// A documented column of a node.
public struct ColumnInfo: Sendable, Hashable {
    public var name: String
    public var description: String
    public var dataType: String?
    /// Whether the name is quoted in SQL (`quote: true`), so it must match the database's name exactly.
    public var quote: Bool?
    /// Where the column is declared in its property file.
    public var location: SourceLocation?

    public init(
        name: String, description: String, dataType: String?, quote: Bool? = nil, location: SourceLocation? = nil
    ) {
        self.name = name
        self.description = description
        self.dataType = dataType
        self.quote = quote
        self.location = location
    }
}

/// What a generic test node tests, as dbt's `test_metadata` plus the tested node.
public struct TestMetadata: Sendable, Hashable {
    /// `not_null`, `relationships`, ...
    ///
    /// (without the `test_` macro prefix).
    public var name: String
    public var namespace: String?
    /// The arguments as written in the property file (strings unrendered), without `model`.
    public var kwargs: [String: Literal]
    public var columnName: String?
    /// The node the test is attached to.
    public var attachedNode: NodeID

    public init(name: String, namespace: String?, kwargs: [String: Literal], columnName: String?, attachedNode: NodeID)
    {
        self.name = name
        self.namespace = namespace
        self.kwargs = kwargs
        self.columnName = columnName
        self.attachedNode = attachedNode
    }
}

extension CompiledNode {
    init(
        pending: borrowing PendingNode, compiledCode: String, outcome: NodeRenderer.Outcome?, sourceLines: [Int],
        dependsOn: [NodeID]
    ) {
        self.init(
            id: pending.id, name: pending.name, resourceType: pending.resourceType, packageName: pending.packageName,
            path: pending.path, fqn: pending.fqn, config: pending.config,
            relation: pending.config.materialized == "ephemeral" ? nil : pending.relation, rawCode: pending.rawCode,
            compiledCode: compiledCode, dependsOn: dependsOn,
            checksum: outcome?.checksum ?? SHA256.hexDigest(pending.rawCode),
            description: pending.description, columns: pending.columns, testMetadata: pending.testMetadata,
            sourceLines: sourceLines, preHooks: outcome?.preHooks ?? [], postHooks: outcome?.postHooks ?? [],
            compiledFileName: pending.compiledFileName, location: pending.location)
    }
}
