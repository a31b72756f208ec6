import Foundation
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
    /// The nodes that render with the database, and how; nil when no template queries it.
    public var deferredRendering: DeferredRendering?
    /// The KPIs `wh serve` answers, by name.
    public var kpis: [CompiledKPI] = []
    /// The sha256 of each project macro file's text, by path (what `CompiledNode.macroFiles` names).
    public var macroFileChecksums: [String: String] = [:]

    public struct MacroInfo: Sendable, Hashable {
        public var name: String
        public var path: String
        /// The project or package defining it.
        public var package: String
    }

    /// Nodes in dependency order (parents first, ties by id).
    public var orderedNodes: [CompiledNode] {
        (graph.topologicalOrder() ?? graph.sortedIDs).compactMap { nodes[$0] }
    }

    /// The compiled-SQL path of a node relative to the target folder, as dbt lays it out:
    /// `compiled/<project>/models/gold/fact_orders.sql`, and for generic tests
    /// `compiled/<project>/models/gold/_gold.yml/not_null_fact_orders_order_id.sql`; a snapshot's is named after the
    /// snapshot, in its file's folder (a file may hold several): `compiled/<project>/snapshots/customers_snapshot.sql`.
    ///
    /// A package's node goes under the package's name, with its path inside the package (`compiled/dbt_utils/models/
    /// x.sql` for `dbt_packages/dbt_utils/models/x.sql`), as dbt writes it.
    public func compiledPath(of node: CompiledNode) -> String? {
        var (package, path) = (projectName, node.path)
        if node.packageName != projectName, let folder = path.range(of: "/\(node.packageName)/") {
            (package, path) = (node.packageName, String(path[folder.upperBound...]))
        }
        switch node.resourceType {
        case .model: return "compiled/\(package)/\(path)"
        case .test:
            return node.testMetadata == nil && node.unitTest == nil
                ? "compiled/\(package)/\(path)"
                : "compiled/\(package)/\(path)/\(node.compiledFileName ?? node.name).sql"
        case .snapshot: return "compiled/\(package)/\(Self.folder(of: path))\(node.name).sql"
        case .seed, .source: return nil
        }
    }

    /// The part of `path` up to and including its last `/`; empty for a file at the root.
    private static func folder(of path: String) -> Substring {
        path.lastIndex(of: "/").map { path[...$0] } ?? ""
    }
}
