public import SQLTemplate

/// A model, seed, snapshot or singular test file of the project, with its config resolved from the project file.
public struct ProjectNode: Sendable, Hashable {
    public var resourceType: ResourceType
    /// The file's stem: `stg_orders` for `models/staging/stg_orders.sql`.
    public var name: String
    /// Relative to the project root, with `/`.
    public var path: String
    /// Folders between the resource path and the file: `["staging"]`.
    public var folders: [String]
    /// `[project, ...folders, name]`.
    public var fqn: [String]
    /// The file's text for `.sql` files; nil for seeds.
    public var rawSQL: String?
    /// Defaults refined by the project file's folder configs (not yet by property files or `config()`).
    public var config: NodeConfig
    /// The property file entry describing this node, if any.
    public var properties: NodeProperties?
    /// Where the definition starts when it is not the file's first line: a `{% snapshot %}` block, or a property
    /// file's `snapshots:` entry.
    public var location: SourceLocation?

    /// The project or package the node belongs to: the first part of its fqn.
    public var package: String { fqn.first ?? "" }

    public init(
        resourceType: ResourceType,
        name: String,
        path: String,
        folders: [String],
        fqn: [String],
        rawSQL: String?,
        config: NodeConfig,
        properties: NodeProperties? = nil,
        location: SourceLocation? = nil
    ) {
        self.resourceType = resourceType
        self.name = name
        self.path = path
        self.folders = folders
        self.fqn = fqn
        self.rawSQL = rawSQL
        self.config = config
        self.properties = properties
        self.location = location
    }
}
