extension Compiler {
    /// The compiled nodes: rendered SQL with ephemeral parents injected as CTEs, line maps shifted to match, and
    /// parents from the final graph; `rendered` is aligned with `nodes` (nil where nothing was rendered).
    func assemble(_ nodes: [PendingNode], rendered: [NodeRenderer.Outcome?], graph: DependencyGraph)
        -> [NodeID: CompiledNode]
    {
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
        let injected = EphemeralInjection.injectAll(sql: sqlByID, ephemeralParents: ephemeralParents) {
            ephemeralNames[$0] ?? $0.rawValue
        }
        let compiled = nodes.concurrentMap(withOffsets: { index, node in
            let outcome = rendered[index]
            let sql = outcome?.sql ?? ""
            let code = injected[node.id] ?? sql
            return (
                node.id,
                CompiledNode(
                    pending: node, compiledCode: code, outcome: outcome,
                    sourceLines: EphemeralInjection.shiftedLineMap(
                        outcome?.sourceLines ?? [], rendered: sql, injected: code),
                    dependsOn: (graph.parents[node.id] ?? []).sorted())
            )
        })
        return Dictionary(uniqueKeysWithValues: compiled)
    }
}
