public import WarehouseCore

/// The model graph the lineage page draws: sources, seeds, snapshots and models (bronze -> silver -> gold), each
/// with its materialization, last outcome and the results of the tests attached to it.
///
/// Tests are not drawn as nodes: each belongs to the node it tests (a generic test's model, a singular test's
/// parents), where its result is shown.
public struct LineageGraph: Sendable {
    /// A drawn node.
    public struct Node: Sendable, Equatable {
        public var id: NodeID
        public var name: String
        public var resourceType: ResourceType
        /// `table`, `view`, `incremental`, `ephemeral`, `seed`, `snapshot`, or `source`.
        public var materialized: String
        /// `schema.identifier`, nil for ephemeral models.
        public var relation: String?
        /// The configured schema (else the relation's), which names the layer in a medallion project (`bronze`,
        /// `silver`, `gold`) whatever `generate_schema_name` makes of it.
        public var layer: String
        public var path: String
        public var description: String
        /// The compiled SQL, or the file's text when it renders only while building; empty for seeds and sources.
        public var sql: String
        public var columns: [Column]
        public var tests: [Test]
        public var outcome: BuildStatuses.Outcome?
        /// The column of the drawing: the longest path from a node without parents.
        public var depth: Int
        /// The position within its column, top to bottom.
        public var row: Int
    }

    /// A documented column.
    public struct Column: Sendable, Equatable {
        public var name: String
        public var dataType: String?
        public var description: String
    }

    /// A test attached to a node, with its last outcome.
    public struct Test: Sendable, Equatable {
        public var name: String
        /// The generic test's name (`not_null`, `unique`), else `unit` or `singular`.
        public var kind: String
        public var column: String?
        public var outcome: BuildStatuses.Outcome?
    }

    /// Nodes by column, then row.
    public var nodes: [Node]
    /// Edges as indices into `nodes`, parent first.
    public var edges: [(parent: Int, child: Int)]

    public init(project: CompiledProject, statuses: BuildStatuses) {
        let drawn = project.nodes.values.filter { $0.resourceType != .test }
        let ids = Set(drawn.map(\.id))
        var parents: [NodeID: [NodeID]] = [:]
        for node in drawn {
            parents[node.id] = (project.graph.parents[node.id] ?? []).filter(ids.contains).sorted()
        }
        let placement = LineageLayout.place(parents: parents)
        let tests = Self.tests(of: project, drawn: ids, statuses: statuses)
        let nodes = drawn.map { node in
            let position = placement[node.id] ?? (0, 0)
            return Node(
                id: node.id, name: node.name, resourceType: node.resourceType,
                materialized: node.resourceType == .source ? "source" : node.materialized,
                relation: node.relation.map { "\($0.schema).\($0.identifier)" },
                layer: node.config.schema ?? node.relation?.schema ?? node.resourceType.rawValue, path: node.path,
                description: node.description,
                sql: node.rendersWithDatabase || node.compiledCode.isEmpty ? node.rawCode : node.compiledCode,
                columns: node.columns.map { Column(name: $0.name, dataType: $0.dataType, description: $0.description) },
                tests: tests[node.id] ?? [], outcome: statuses.outcomes[node.id], depth: position.depth,
                row: position.row)
        }
        .sorted { ($0.depth, $0.row) < ($1.depth, $1.row) }
        let index = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1.id, $0) })
        self.nodes = nodes
        edges = nodes.indices.flatMap { child in
            (parents[nodes[child].id] ?? []).compactMap { parent in index[parent].map { ($0, child) } }
        }
    }

    /// The tests of each drawn node, by name.
    private static func tests(
        of project: CompiledProject, drawn: Set<NodeID>, statuses: BuildStatuses
    ) -> [NodeID: [Test]] {
        var tests: [NodeID: [Test]] = [:]
        for node in project.nodes.values where node.resourceType == .test {
            let test = Test(
                name: node.name, kind: node.unitTest != nil ? "unit" : node.testMetadata?.name ?? "singular",
                column: node.testMetadata?.columnName, outcome: statuses.outcomes[node.id])
            let owners = node.testMetadata.map { [$0.attachedNode] } ?? node.dependsOn
            for owner in owners where drawn.contains(owner) { tests[owner, default: []].append(test) }
        }
        return tests.mapValues { $0.sorted { $0.name < $1.name } }
    }
}
