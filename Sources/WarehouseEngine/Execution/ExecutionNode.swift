public import WarehouseCore

/// One compiled node, as the executor needs it: what to build, where, how, and after which parents.
///
/// The compiler's nodes are mapped into this type; the engine never sees templates.
public struct ExecutionNode: Sendable, Hashable {
    /// The node's unique id (`model.shop.fact_orders`); ties between ready nodes are broken by it.
    public var id: NodeID
    /// The name shown in progress lines (`fact_orders`).
    public var name: String
    public var resourceType: ResourceType
    public var materialization: MaterializationKind
    /// Where the result lives; DDL uses `relation.schemaQualified`, as Postgres forbids cross-database names.
    public var relation: Relation
    /// The compiled `SELECT` (no trailing `;`), exactly as written to `compiledPath`.
    public var compiledSQL: String
    /// The nodes this one reads.
    ///
    /// Parents absent from the run (unselected upstream nodes, sources) count as built.
    public var parents: Set<NodeID>
    /// Statements run inside the build transaction, before the relation is built.
    public var preHooks: [String]
    /// Statements run inside the build transaction, after the new relation is in place and granted.
    public var postHooks: [String]
    /// Indexes created on a table before it becomes visible (ignored for views, as dbt-postgres does).
    public var indexes: [IndexDefinition]
    /// Privileges granted on the new relation: privilege (`select`) to grantees (roles).
    public var grants: [String: [String]]
    /// The model's file, relative to the project root (`models/gold/fact_orders.sql`).
    public var path: String
    /// The compiled SQL's file (`target/compiled/shop/models/gold/fact_orders.sql`), when it was written.
    public var compiledPath: String?
    /// The model file's line for each line of `compiledSQL` (index 0 is line 1; 0 where unknown), so a database
    /// error is reported at the line of the model that wrote the failing SQL.
    public var sourceLines: [Int]
    /// How a data test judges its rows; used by the `test` materialization (dbt's defaults when `nil`).
    public var test: TestConfig?
    /// The CSV file and settings of a `seed` node; `nil` for every other node.
    public var seed: SeedSource?
    /// How an `incremental` model extends its table; `nil` for every other node (an incremental node without it
    /// uses dbt-postgres's defaults).
    public var incremental: IncrementalConfig?
    /// How a `snapshot` records history, and where it is defined; `nil` for every other node.
    public var snapshot: SnapshotPlan?
    /// For a unit test (`materialization: .unit`): its model, inputs and expected rows.
    public var unitTest: UnitTestPlan?

    public init(
        id: NodeID,
        name: String,
        resourceType: ResourceType = .model,
        materialization: MaterializationKind,
        relation: Relation,
        compiledSQL: String,
        parents: Set<NodeID> = [],
        preHooks: [String] = [],
        postHooks: [String] = [],
        indexes: [IndexDefinition] = [],
        grants: [String: [String]] = [:],
        path: String,
        compiledPath: String? = nil,
        sourceLines: [Int] = [],
        test: TestConfig? = nil,
        seed: SeedSource? = nil,
        incremental: IncrementalConfig? = nil,
        snapshot: SnapshotPlan? = nil
    ) {
        self.snapshot = snapshot
        self.incremental = incremental
        self.id = id
        self.name = name
        self.resourceType = resourceType
        self.materialization = materialization
        self.relation = relation
        self.compiledSQL = compiledSQL
        self.parents = parents
        self.preHooks = preHooks
        self.postHooks = postHooks
        self.indexes = indexes
        self.grants = grants
        self.path = path
        self.compiledPath = compiledPath
        self.sourceLines = sourceLines
        self.test = test
        self.seed = seed
    }

    /// `schema.identifier` unquoted, as progress lines show it (`gold.dim_customer`).
    var displayRelation: String { "\(relation.schema).\(relation.identifier)" }
}
