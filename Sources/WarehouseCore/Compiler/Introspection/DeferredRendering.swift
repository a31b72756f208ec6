public import SQLTemplate

/// The nodes whose templates query the database (`run_query`, `statement`, `adapter.get_columns_in_relation`, ...)
/// and what it takes to render them later, just before they run, with the database in reach.
///
/// A compile reaches no database: such a node's render stops at its first query and the node is kept here, with
/// the consumers that inline it when it is an ephemeral model. Each worker that runs nodes makes its own
/// ``DeferredNodeRenderer`` (template values never cross threads).
public struct DeferredRendering: Sendable {
    /// What the compiler renders with: macros, shared globals, the relation lookup, the nodes `graph` describes.
    struct Inputs: Sendable {
        var macros: [PackageTemplate]
        var shared: SharedGlobals.Inputs
        var lookup: RelationLookup
        var options: CompileOptions
        var graph: [PendingNode]
    }

    /// A compiled ephemeral model, to be inlined into a deferred consumer.
    struct Ephemeral: Sendable {
        var sql: String
        var ephemeralParents: [NodeID]
    }

    let inputs: Inputs
    let nodes: [NodeID: PendingNode]
    let ephemerals: [NodeID: Ephemeral]
    /// Every ephemeral model's name, which its CTE is named after.
    let ephemeralNames: [NodeID: String]

    /// The ids of the nodes that render with the database.
    public var nodeIDs: Set<NodeID> { Set(nodes.keys) }

    /// A renderer for the calling thread.
    public func makeRenderer() -> DeferredNodeRenderer { DeferredNodeRenderer(self) }
}

/// A node rendered with the database: its SQL (ephemeral parents injected), line map and hooks.
public struct RenderedNode: Sendable {
    public var sql: String
    /// The defining file's line for each line of `sql`, 0 for injected lines.
    public var sourceLines: [Int]
    public var preHooks: [String]
    /// As written: each renders when it runs (``DeferredNodeRenderer/renderPostHook(_:of:with:)``), after the build,
    /// so one that queries or drops sees what the build made.
    public var postHooks: [String]
}

/// Renders deferred nodes on one thread; not Sendable, as it owns a template environment.
public final class DeferredNodeRenderer {
    private let rendering: DeferredRendering
    private lazy var renderer = NodeRenderer(
        macros: rendering.inputs.macros, shared: rendering.inputs.shared, lookup: rendering.inputs.lookup,
        options: rendering.inputs.options, graph: rendering.inputs.graph)

    init(_ rendering: DeferredRendering) {
        self.rendering = rendering
    }

    /// Renders node `id` with templates querying `database`, and inlines its ephemeral parents (rendering those
    /// that are deferred too).
    public func render(_ id: NodeID, with database: any DatabaseAccess) -> Result<RenderedNode, TemplateError> {
        renderer.withDatabase(database) {
            do throws(TemplateError) {
                let outcome = try outcome(of: id)
                var sql = [id: outcome.sql]
                var ephemeralParents = [id: outcome.ephemeralParents]
                var pending = outcome.ephemeralParents
                while let parent = pending.popLast() {
                    guard sql[parent] == nil else { continue }
                    if let compiled = rendering.ephemerals[parent] {
                        (sql[parent], ephemeralParents[parent]) = (compiled.sql, compiled.ephemeralParents)
                    } else {
                        let rendered = try self.outcome(of: parent)
                        (sql[parent], ephemeralParents[parent]) = (rendered.sql, rendered.ephemeralParents)
                    }
                    pending += ephemeralParents[parent] ?? []
                }
                let injected =
                    EphemeralInjection.injectAll(sql: sql, ephemeralParents: ephemeralParents) {
                        rendering.ephemeralNames[$0] ?? $0.rawValue
                    }[id] ?? outcome.sql
                return .success(
                    RenderedNode(
                        sql: injected,
                        sourceLines: EphemeralInjection.shiftedLineMap(
                            outcome.sourceLines, rendered: outcome.sql, injected: injected),
                        preHooks: outcome.preHooks, postHooks: outcome.postHooks))
            } catch {
                return .failure(error)
            }
        }
    }

    /// Renders post-hook `index` of node `id` with templates querying `database`, as it is about to run.
    public func renderPostHook(_ index: Int, of id: NodeID, with database: any DatabaseAccess) -> Result<
        String, TemplateError
    > {
        do throws(TemplateError) {
            let node = try pending(id)
            return renderer.withDatabase(database) { renderer.renderPostHook(index, of: node) }
        } catch {
            return .failure(error)
        }
    }

    private func pending(_ id: NodeID) throws(TemplateError) -> PendingNode {
        guard let node = rendering.nodes[id] else {
            throw TemplateError(
                .other, "\(id.rawValue) is not a node that renders with the database",
                at: SourceLocation(path: id.rawValue, line: 1, column: 1))
        }
        return node
    }

    private func outcome(of id: NodeID) throws(TemplateError) -> NodeRenderer.Outcome {
        let node = try pending(id)
        let result =
            node.testMetadata == nil ? renderer.render(node, postHooks: false) : renderer.renderGenericTest(node)
        return try result.get()
    }
}
