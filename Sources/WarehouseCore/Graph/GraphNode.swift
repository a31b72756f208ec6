/// What selection and execution need to know of a node, independent of how it was compiled.
public struct GraphNode: Sendable, Hashable {
    public var id: NodeID
    /// The name a user types in `--select`: the model, seed or test name; `source_name.table_name` for sources.
    public var name: String
    public var resourceType: ResourceType
    public var packageName: String
    /// The defining file, relative to the project root (`models/gold/fact_orders.sql`).
    public var path: String
    /// `package.folder.subfolder.name`, as dbt's `fqn`.
    public var fqn: [String]
    public var tags: [String]
    /// The node's resolved config values by key (`materialized`, `schema`, ...), used by `config.<key>:` selectors.
    public var config: [String: String]

    public init(
        id: NodeID,
        name: String,
        resourceType: ResourceType,
        packageName: String,
        path: String,
        fqn: [String],
        tags: [String] = [],
        config: [String: String] = [:]
    ) {
        self.id = id
        self.name = name
        self.resourceType = resourceType
        self.packageName = packageName
        self.path = path
        self.fqn = fqn
        self.tags = tags
        self.config = config
    }
}
