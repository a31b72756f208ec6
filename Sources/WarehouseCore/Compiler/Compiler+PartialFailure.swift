import SQLTemplate

extension Compiler {
    /// The error for a compile with `problems`, carrying the project compiled without the broken nodes when every
    /// problem belongs to nodes (their own file, or a property file whose test could not be made).
    ///
    /// A problem in another file (a macro file, a docs file) may break any node, so it leaves no partial result.
    func partialFailure(
        _ problems: [CompileError.Problem], failedRenders: Set<Int>, nodes: [PendingNode],
        outcomes: [Result<NodeRenderer.Outcome, TemplateError>?], graph: DependencyGraph,
        macros: [CompiledProject.MacroInfo], docs: [String: String]
    ) -> CompileError {
        var problems = problems
        var broken = failedRenders
        // Generic tests carry their property file's path: only models' and singular tests' own files count here.
        var indicesByFile: [String: [Int]] = [:]
        for index in nodes.indices where nodes[index].testMetadata == nil {
            indicesByFile[nodes[index].path, default: []].append(index)
        }
        for problem in problems {
            // An error raised inside a macro belongs to the node whose file made the outermost call.
            let path = problem.callStack.first?.path ?? problem.diagnostic.location.path
            if let indices = indicesByFile[path] {
                broken.formUnion(indices)
            } else if !(path.hasSuffix(".yml") || path.hasSuffix(".yaml")) {
                return CompileError(problems)
            }
        }
        // A model inlining a broken ephemeral model cannot be assembled either; chains of them, until none is left.
        var changed = true
        while changed {
            changed = false
            let brokenIDs = Set(broken.map { nodes[$0].id })
            for (index, outcome) in outcomes.enumerated() where !broken.contains(index) {
                guard case .success(let result)? = outcome,
                    let parent = result.ephemeralParents.first(where: brokenIDs.contains)
                else { continue }
                broken.insert(index)
                changed = true
                problems.append(
                    CompileError.Problem(
                        Diagnostic(
                            location: nodes[index].location,
                            message: "\(nodes[index].name) inlines the ephemeral model \(parent.rawValue), which does "
                                + "not compile")))
            }
        }
        let kept = nodes.indices.filter { !broken.contains($0) }
        let keptNodes = kept.map { nodes[$0] }
        let rendered = kept.map { try? outcomes[$0]?.get() }
        var keptGraph = Self.graph(of: keptNodes)
        Self.addRenderedParents(rendered, of: keptNodes, to: &keptGraph)
        let compiled = CompiledProject(
            projectName: project.name, nodes: assemble(keptNodes, rendered: rendered, graph: keptGraph),
            graph: keptGraph, macros: macros, docs: docs, warnings: Self.renderWarnings(rendered))
        return CompileError(
            problems,
            partial: PartialCompilation(
                project: compiled, brokenNodes: Set(broken.map { nodes[$0].id }), graph: graph))
    }

    /// Parents a render read that no static call names (`ref(var('x'))`) join the graph.
    static func addRenderedParents(
        _ rendered: [NodeRenderer.Outcome?], of nodes: [PendingNode], to graph: inout DependencyGraph
    ) {
        for (index, outcome) in rendered.enumerated() {
            for parent in outcome?.parents ?? []
            where !nodes[index].staticParents.contains(parent) && graph.nodes[parent] != nil {
                graph.addEdge(from: parent, to: nodes[index].id)
            }
        }
    }
}
