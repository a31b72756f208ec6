import SQLTemplate

extension Compiler {
    /// Renders every model, singular test and generic test, split over `options.parallelism` workers that each own
    /// a template environment; one outcome per node, nil for nodes with nothing to render (seeds, sources).
    func render(
        _ nodes: [PendingNode], macros: [PackageTemplate], inputs: SharedGlobals.Inputs, lookup: RelationLookup
    ) async -> [Result<NodeRenderer.Outcome, TemplateError>?] {
        await inParallel(nodes, macros: macros, inputs: inputs, lookup: lookup) { renderer, node in
            // A seed has no template, but its hooks are templates.
            guard node.template != nil || node.testMetadata != nil || node.resourceType == .seed else { return nil }
            return node.testMetadata == nil ? renderer.render(node) : renderer.renderGenericTest(node)
        }
    }

    /// Renders the models whose `config()` calls have non-literal arguments and merges what those calls set.
    ///
    /// Returns whether any configuration changed.
    func applyDynamicConfigs(
        to nodes: inout [PendingNode], macros: [PackageTemplate], inputs: SharedGlobals.Inputs, lookup: RelationLookup,
        problems: inout [CompileError.Problem]
    ) async -> Bool {
        guard nodes.contains(where: \.hasDynamicConfig) else { return false }
        let outcomes = await inParallel(nodes, macros: macros, inputs: inputs, lookup: lookup) { renderer, node in
            node.hasDynamicConfig ? renderer.render(node, execute: false) : nil
        }
        // A render that fails here fails again, with the same message, in the final render; report it once, there.
        for (index, outcome) in outcomes.enumerated() {
            guard case .success(let result)? = outcome else { continue }
            for values in result.configCalls {
                do {
                    nodes[index].config = try nodes[index].config.merging(values)
                } catch {
                    problems.append(
                        CompileError.Problem(Diagnostic(location: nodes[index].location, message: error.description)))
                }
            }
        }
        return true
    }

    /// Merges what `config()` calls inside generic test macros set into the tests' configuration.
    ///
    /// `fail_calc`, `warn_if`, `severity`, ... apply after the project's and the test entry's configs, as dbt applies
    /// them when it parses a test (`dbt_utils.equal_rowcount` sets its `fail_calc` so). A value of the wrong shape
    /// fails that test.
    func applyTestMacroConfigs(
        _ outcomes: [Result<NodeRenderer.Outcome, TemplateError>?], to nodes: inout [PendingNode],
        problems: inout [CompileError.Problem], failedRenders: inout Set<Int>
    ) {
        for (index, outcome) in outcomes.enumerated() where nodes[index].testMetadata != nil {
            guard case .success(let result)? = outcome else { continue }
            for values in result.configCalls {
                do {
                    nodes[index].config = try nodes[index].config.merging(values)
                } catch {
                    problems.append(
                        CompileError.Problem(Diagnostic(location: nodes[index].location, message: error.description)))
                    failedRenders.insert(index)
                }
            }
        }
    }

    /// `body` for every node, on workers that each own a renderer; results aligned with `nodes`.
    private func inParallel(
        _ nodes: [PendingNode], macros: [PackageTemplate], inputs: SharedGlobals.Inputs, lookup: RelationLookup,
        _ body: @escaping @Sendable (NodeRenderer, PendingNode) -> Result<NodeRenderer.Outcome, TemplateError>?
    ) async -> [Result<NodeRenderer.Outcome, TemplateError>?] {
        let workers = max(1, min(options.parallelism, nodes.count / 64 + 1))
        let options = options
        // Render threads, not tasks: a template may recurse deeper than a cooperative thread's stack holds.
        let batches = await RenderThreads.map(count: workers) { worker in
            let renderer = NodeRenderer(
                macros: macros, shared: inputs, lookup: lookup, options: options, graph: nodes)
            // Strided, not in blocks: models and tests cost differently and are sorted apart.
            return stride(from: worker, to: nodes.count, by: workers).map { body(renderer, nodes[$0]) }
        }
        var results = [Result<NodeRenderer.Outcome, TemplateError>?](repeating: nil, count: nodes.count)
        for (worker, batch) in batches.enumerated() {
            for (step, outcome) in batch.enumerated() { results[worker + step * workers] = outcome }
        }
        return results
    }
}
