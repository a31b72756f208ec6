extension Compiler {
    /// The compiled nodes: rendered SQL with ephemeral parents injected as CTEs, line maps shifted to match, and
    /// parents from the final graph; `rendered` is aligned with `nodes` (nil where nothing was rendered).
    ///
    /// Nodes whose render needed the database, and those inlining such an ephemeral model, get no SQL here: they
    /// are returned in `deferred`, rendered from `inputs` when they run.
    func assemble(
        _ nodes: [PendingNode], rendered: [NodeRenderer.Outcome?], graph: DependencyGraph,
        inputs: DeferredRendering.Inputs
    ) -> (nodes: [NodeID: CompiledNode], deferred: DeferredRendering?) {
        var sqlByID: [NodeID: String] = [:]
        var ephemeralParents: [NodeID: [NodeID]] = [:]
        var ephemeralNames: [NodeID: String] = [:]
        for (index, outcome) in rendered.enumerated() {
            guard let outcome else { continue }
            let id = nodes[index].id
            if !outcome.ephemeralParents.isEmpty {
                ephemeralParents[id] = outcome.ephemeralParents
                sqlByID[id] = outcome.sql
            }
            if nodes[index].config.materialized == "ephemeral" {
                sqlByID[id] = outcome.sql
                ephemeralNames[id] = nodes[index].name
            }
        }
        let deferredIDs = Self.deferredNodes(nodes, rendered: rendered)
        let injected = EphemeralInjection.injectAll(sql: sqlByID, ephemeralParents: ephemeralParents) {
            ephemeralNames[$0] ?? $0.rawValue
        }
        let compiled = nodes.concurrentMap(withOffsets: { index, node in
            let outcome = rendered[index]
            let sql = outcome?.sql ?? ""
            let code = injected[node.id] ?? sql
            var compiled = CompiledNode(
                pending: node, compiledCode: code, outcome: outcome,
                sourceLines: EphemeralInjection.shiftedLineMap(
                    outcome?.sourceLines ?? [], rendered: sql, injected: code),
                dependsOn: (graph.parents[node.id] ?? []).sorted())
            if deferredIDs.contains(node.id) {
                compiled.compiledCode = ""
                compiled.sourceLines = []
                compiled.rendersWithDatabase = true
            }
            return (node.id, compiled)
        })
        guard !deferredIDs.isEmpty else { return (Dictionary(uniqueKeysWithValues: compiled), nil) }
        var deferredNodes: [NodeID: PendingNode] = [:]
        var ephemerals: [NodeID: DeferredRendering.Ephemeral] = [:]
        for (index, node) in nodes.enumerated() {
            if deferredIDs.contains(node.id) {
                deferredNodes[node.id] = node
            } else if ephemeralNames[node.id] != nil, let outcome = rendered[index] {
                ephemerals[node.id] = .init(sql: outcome.sql, ephemeralParents: outcome.ephemeralParents)
            }
        }
        return (
            Dictionary(uniqueKeysWithValues: compiled),
            DeferredRendering(
                inputs: inputs, nodes: deferredNodes, ephemerals: ephemerals, ephemeralNames: ephemeralNames)
        )
    }

    /// The nodes whose render needed the database, and, as their SQL is part of their own, the nodes inlining one
    /// of those ephemeral models, however deep.
    private static func deferredNodes(_ nodes: [PendingNode], rendered: [NodeRenderer.Outcome?]) -> Set<NodeID> {
        var deferred = Set(rendered.indices.filter { rendered[$0]?.needsDatabase == true }.map { nodes[$0].id })
        guard !deferred.isEmpty else { return deferred }
        var changed = true
        while changed {
            changed = false
            for (index, outcome) in rendered.enumerated() where !deferred.contains(nodes[index].id) {
                guard let outcome, outcome.ephemeralParents.contains(where: deferred.contains) else { continue }
                deferred.insert(nodes[index].id)
                changed = true
            }
        }
        return deferred
    }
}
