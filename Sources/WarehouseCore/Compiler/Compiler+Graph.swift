import SQLTemplate

extension Compiler {
    /// Adds the parents that `ref()` and `source()` calls name in each template, found in the syntax tree so that
    /// calls in branches a render would not take still count; unknown names become problems at the call.
    func addStaticParents(
        to nodes: inout [PendingNode], lookup: RelationLookup, problems: inout [CompileError.Problem]
    ) {
        let found = nodes.concurrentMap { node in
            var parents: [NodeID] = []
            var locations: [NodeID: SourceLocation] = [:]
            var problems: [CompileError.Problem] = []
            for call in node.template?.staticCalls(to: ["ref", "source"]) ?? [] {
                guard
                    let target = Self.resolve(call, lookup: lookup, source: node.template?.source, problems: &problems),
                    !parents.contains(target)
                else { continue }
                parents.append(target)
                locations[target] = call.location
            }
            return (parents: parents, locations: locations, problems: problems)
        }
        for (index, result) in found.enumerated() where nodes[index].template != nil {
            nodes[index].staticParents = result.parents
            nodes[index].parentCallLocations = result.locations
            problems += result.problems
        }
    }

    /// The node a literal `ref()`/`source()` call names; nil (and no problem) when an argument is not a literal.
    ///
    /// `source` is the text the call is in, for the line shown under a problem.
    static func resolve(
        _ call: StaticCall, lookup: RelationLookup, source: String?, problems: inout [CompileError.Problem]
    ) -> NodeID? {
        let strings = call.arguments.map { $0?.stringValue }
        guard !strings.contains(where: { $0 == nil }) else { return nil }
        let names = strings.compactMap { $0 }
        let result: Result<RelationLookup.Target, Diagnostic>
        switch (call.callee, names.count) {
        case ("ref", 1): result = lookup.ref(names[0], package: nil, at: call.location)
        case ("ref", 2): result = lookup.ref(names[1], package: names[0], at: call.location)
        case ("source", 2): result = lookup.source(names[0], names[1], at: call.location)
        default: return nil
        }
        switch result {
        case .success(let target): return target.id
        case .failure(let diagnostic):
            problems.append(CompileError.Problem(source.map { diagnostic.withSourceLine(from: $0) } ?? diagnostic))
            return nil
        }
    }

    /// The graph of `nodes` with edges from their static parents; parents that are not nodes (disabled ones) are
    /// left out.
    static func graph(of nodes: [PendingNode]) -> DependencyGraph {
        DependencyGraph(
            nodes: nodes.concurrentMap { node in
                GraphNode(
                    id: node.id, name: node.name, resourceType: node.resourceType, packageName: node.packageName,
                    path: node.path, fqn: node.fqn, tags: node.config.tags, config: node.config.selectableValues)
            },
            parents: nodes.map(\.staticParents))
    }

    /// The cycle as a path of files, pointed at the call in the last file that reads the first one again.
    func cycleProblem(_ cycle: [NodeID], nodes: [PendingNode]) -> CompileError.Problem {
        let byID = Dictionary(nodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let paths = cycle.map { byID[$0]?.path ?? $0.rawValue }
        let closing = cycle.count >= 2 ? byID[cycle[cycle.count - 2]] : nil
        let location = closing.flatMap { node in cycle.last.flatMap { node.parentCallLocations[$0] } }
        return CompileError.Problem(
            Diagnostic(
                location: location ?? SourceLocation(path: paths.first ?? project.name, line: 1, column: 1),
                message: "dependency cycle: " + paths.joined(separator: " -> "),
                help: "remove one of these ref() calls so the models no longer depend on each other"))
    }
}
