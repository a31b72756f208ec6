public import SQLTemplate

/// A node's resolved configuration: dbt's known config keys as typed fields, anything else in `extra`.
///
/// Built from the defaults for a resource type, then refined by `merging` in dbt's order: project folders
/// (outermost first), the property file's `config:`, the file's own `config()` call. Later values override,
/// except `tags` and hooks, which accumulate, and mapping-valued configs (`meta`, `grants`, `docs`,
/// `persist_docs`, `contract`, `column_types`), whose keys merge.
public struct NodeConfig: Sendable, Hashable {
    public var materialized: String
    public var schema: String?
    public var database: String?
    public var alias: String?
    /// Accumulated from every level, first occurrence first, without duplicates.
    public var tags: [String]
    public var enabled: Bool
    public var persistDocs: [Literal.KeyValue]
    /// SQL statements run before the node, accumulated from every level.
    public var preHook: [String]
    public var postHook: [String]
    /// A column name or a list of them, as written.
    public var uniqueKey: Literal?
    public var incrementalStrategy: String?
    public var onSchemaChange: String?
    public var indexes: Literal?
    public var grants: [Literal.KeyValue]
    /// Seed column name -> SQL type.
    public var columnTypes: [Literal.KeyValue]
    public var quoteColumns: Bool?
    public var fullRefresh: Bool?
    public var meta: [Literal.KeyValue]
    public var docs: [Literal.KeyValue]
    public var severity: String?
    public var `where`: String?
    public var limit: Int?
    public var storeFailures: Bool?
    public var warnIf: String?
    public var errorIf: String?
    public var contract: [Literal.KeyValue]
    /// Config keys that are not among the known ones, by key without a `+` prefix.
    public var extra: [String: Literal]

    /// The defaults dbt uses for `type`: `view` for models, `seed` for seeds, `test` for tests, `snapshot` for
    /// snapshots; enabled, no tags.
    public init(defaultsFor type: ResourceType) {
        switch type {
        case .model: materialized = "view"
        case .seed: materialized = "seed"
        case .test: materialized = "test"
        case .source: materialized = "source"
        case .snapshot: materialized = "snapshot"
        }
        schema = nil
        database = nil
        alias = nil
        tags = []
        enabled = true
        persistDocs = []
        preHook = []
        postHook = []
        uniqueKey = nil
        incrementalStrategy = nil
        onSchemaChange = nil
        indexes = nil
        grants = []
        columnTypes = []
        quoteColumns = nil
        fullRefresh = nil
        meta = []
        docs = []
        severity = type == .test ? "ERROR" : nil
        self.where = nil
        limit = nil
        storeFailures = nil
        warnIf = type == .test ? "!= 0" : nil
        errorIf = type == .test ? "!= 0" : nil
        contract = []
        extra = [:]
    }

    /// The config keys with a typed field, in their canonical spelling.
    public static let knownKeys = Set(KnownKey.allCases.map(\.rawValue))

    /// The canonical spelling of a config key: without a leading `+`, and `pre_hook`/`post_hook` as
    /// `pre-hook`/`post-hook`.
    public static func canonicalKey(_ key: String) -> String {
        let bare = key.hasPrefix("+") ? String(key.dropFirst()) : key
        switch bare {
        case "pre_hook": return "pre-hook"
        case "post_hook": return "post-hook"
        default: return bare
        }
    }
}
