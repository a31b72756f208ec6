public import SQLTemplate

/// A compiled project: every enabled node with its SQL, and the graph between them.
public struct CompiledProject: Sendable {
    public var projectName: String
    public var nodes: [NodeID: CompiledNode]
    public var graph: DependencyGraph
    /// Macro files and the macro names each defines, for the manifest.
    public var macros: [MacroInfo]
    /// `{% docs %}` blocks by name.
    public var docs: [String: String]
    /// Undefined names rendered as empty text (dbt's behaviour), each place once, in path order.
    public var warnings: [Diagnostic] = []

    public struct MacroInfo: Sendable, Hashable {
        public var name: String
        public var path: String
    }

    /// Nodes in dependency order (parents first, ties by id).
    public var orderedNodes: [CompiledNode] {
        (graph.topologicalOrder() ?? graph.sortedIDs).compactMap { nodes[$0] }
    }

    /// The compiled-SQL path of a node relative to the target folder, as dbt lays it out:
    /// `compiled/<project>/models/gold/fact_orders.sql`, and for generic tests
    /// `compiled/<project>/models/gold/_gold.yml/not_null_fact_orders_order_id.sql`; a snapshot's is named after the
    /// snapshot, in its file's folder (a file may hold several): `compiled/<project>/snapshots/customers_snapshot.sql`.
    public func compiledPath(of node: CompiledNode) -> String? {
        switch node.resourceType {
        case .model: "compiled/\(projectName)/\(node.path)"
        case .test:
            node.testMetadata == nil && node.unitTest == nil
                ? "compiled/\(projectName)/\(node.path)"
                : "compiled/\(projectName)/\(node.path)/\(node.compiledFileName ?? node.name).sql"
        case .snapshot: "compiled/\(projectName)/\(Self.folder(of: node.path))\(node.name).sql"
        case .seed, .source: nil
        }
    }

    /// The part of `path` up to and including its last `/`; empty for a file at the root.
    private static func folder(of path: String) -> Substring {
        path.lastIndex(of: "/").map { path[...$0] } ?? ""
    }
}
