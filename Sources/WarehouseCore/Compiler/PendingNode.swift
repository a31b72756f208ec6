import SQLTemplate

/// A node between loading and compiled output: its parsed template, its configuration as far as it is known,
/// and its relation once names are resolved.
struct PendingNode: Sendable {
    var id: NodeID
    var name: String
    var resourceType: ResourceType
    var packageName: String
    var path: String
    var fqn: [String]
    var rawCode: String
    var template: Template?
    var config: NodeConfig
    var relation: Relation?
    var description: String = ""
    var columns: [ColumnInfo] = []
    var testMetadata: TestMetadata?
    /// For generic tests: the package whose `test_<name>` macro makes the test's SQL.
    var testMacroPackage: String?
    /// For generic tests: the tested relation, as `ref()`/`source()` would give it.
    var testSubject: RelationLookup.Target?
    /// For generic tests: where the test entry is in its property file, and its compiled file name.
    var location: SourceLocation
    var compiledFileName: String?
    /// Parents known before rendering: static `ref`/`source` calls and, for generic tests, the tested node.
    var staticParents: [NodeID] = []
    /// Where each static parent is first named, for messages about the edge.
    var parentCallLocations: [NodeID: SourceLocation] = [:]
    /// A `config()` call with an argument that is not a literal: its values are known only by rendering.
    var hasDynamicConfig = false
    /// The compiled SQL of a file Jinja has nothing to do in, and the file line of each of its lines
    /// (`DbtSourceText`).
    var verbatim: (sql: String, lines: [Int])?
}
