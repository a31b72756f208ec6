import SQLTemplate

extension Compiler {
    /// Renders every model, singular test and generic test, split over `options.parallelism` workers that each own
    /// a template environment.
    func render(
        _ nodes: [NodeID: PendingNode], macros: [Template], inputs: SharedGlobals.Inputs, lookup: RelationLookup
    ) async -> [NodeID: Result<NodeRenderer.Outcome, TemplateError>] {
        let work = nodes.values.filter { $0.template != nil || $0.testMetadata != nil }.sorted { $0.id < $1.id }
        return await inParallel(work, macros: macros, inputs: inputs, lookup: lookup) { renderer, node in
            let outcome = node.testMetadata == nil ? renderer.render(node) : renderer.renderGenericTest(node)
            return outcome.map { result in
                var withChecksum = result
                withChecksum.checksum = SHA256.hexDigest(node.rawCode)
                return withChecksum
            }
        }
    }

    /// Renders the models whose `config()` calls have non-literal arguments and merges what those calls set.
    ///
    /// Returns whether any configuration changed.
    func applyDynamicConfigs(
        to nodes: inout [NodeID: PendingNode], macros: [Template], inputs: SharedGlobals.Inputs, lookup: RelationLookup,
        problems: inout [CompileError.Problem]
    ) async -> Bool {
        let dynamic = nodes.values.filter(\.hasDynamicConfig).sorted { $0.id < $1.id }
        guard !dynamic.isEmpty else { return false }
        let outcomes = await inParallel(dynamic, macros: macros, inputs: inputs, lookup: lookup) { renderer, node in
            renderer.render(node)
        }
        // A render that fails here fails again, with the same message, in the final render; report it once, there.
        for (id, outcome) in outcomes {
            guard case .success(let result) = outcome, var node = nodes[id] else { continue }
            for values in result.configCalls {
                do {
                    node.config = try node.config.merging(values)
                } catch {
                    problems.append(
                        CompileError.Problem(Diagnostic(location: node.location, message: error.description)))
                }
            }
            nodes[id] = node
        }
        return true
    }

    private func inParallel(
        _ work: [PendingNode], macros: [Template], inputs: SharedGlobals.Inputs, lookup: RelationLookup,
        _ body: @escaping @Sendable (NodeRenderer, PendingNode) -> Result<NodeRenderer.Outcome, TemplateError>
    ) async -> [NodeID: Result<NodeRenderer.Outcome, TemplateError>] {
        let workers = max(1, min(options.parallelism, work.count / 64 + 1))
        let options = options
        return await withTaskGroup(of: [(NodeID, Result<NodeRenderer.Outcome, TemplateError>)].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    let renderer = NodeRenderer(macros: macros, shared: inputs, lookup: lookup, options: options)
                    return stride(from: worker, to: work.count, by: workers).map { index in
                        (work[index].id, body(renderer, work[index]))
                    }
                }
            }
            var results: [NodeID: Result<NodeRenderer.Outcome, TemplateError>] = [:]
            for await batch in group {
                for (id, outcome) in batch { results[id] = outcome }
            }
            return results
        }
    }
}
