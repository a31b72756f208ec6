import SQLTemplate

/// Picks graph nodes with dbt's `--select`/`--exclude` syntax.
///
/// Spaces separate a union, commas an intersection; an atom is `[@][n+]method:value[+n]` or a bare name
/// (`orders`, `stg_*`, `staging`, `src.table`). Methods: `fqn`, `path`, `file`, `tag`, `config.<key>`,
/// `resource_type`, `package`, `source`, `test_type`, `state`, `result`. Tests attached to selected nodes are not
/// added here.
public struct NodeSelector: Sendable {
    /// What `state:` and `result:` compare with; without it they match nothing.
    public var state: SelectionState?

    public init(state: SelectionState? = nil) {
        self.state = state
    }

    /// Which of the previous state's parts the expressions' `state:` and `result:` methods read (malformed
    /// expressions are left out: selecting reports them).
    public static func stateNeeded(by expressions: [String]) -> (fingerprints: Bool, results: Bool) {
        var methods = Set<SelectorMethod>()
        for expression in expressions {
            var parser = SelectorParser(option: "--select", text: expression)
            for criterion in parser.parse().joined() { methods.insert(criterion.method) }
        }
        return (methods.contains(.state), methods.contains(.result))
    }

    /// The nodes `select` picks (all when it is empty) minus those `exclude` picks; every malformed expression
    /// is reported at once.
    public func select(_ graph: DependencyGraph, select: [String], exclude: [String]) throws(SelectionError)
        -> Set<NodeID>
    {
        var diagnostics: [Diagnostic] = []
        let selected = evaluate(select, option: "--select", in: graph, diagnostics: &diagnostics)
        let excluded = evaluate(exclude, option: "--exclude", in: graph, diagnostics: &diagnostics)
        guard diagnostics.isEmpty else { throw SelectionError(diagnostics: diagnostics) }
        return (selected ?? Set(graph.nodes.keys)).subtracting(excluded ?? [])
    }

    /// The union of every expression's nodes; nil when there are no terms at all.
    private func evaluate(
        _ expressions: [String], option: String, in graph: DependencyGraph, diagnostics: inout [Diagnostic]
    ) -> Set<NodeID>? {
        var result: Set<NodeID>?
        for expression in expressions {
            var parser = SelectorParser(option: option, text: expression)
            let union = parser.parse()
            diagnostics += parser.diagnostics
            guard parser.diagnostics.isEmpty else { continue }
            for intersection in union {
                guard let first = intersection.first else { continue }
                var nodes = first.select(in: graph, state: state)
                for criterion in intersection.dropFirst() where !nodes.isEmpty {
                    nodes.formIntersection(criterion.select(in: graph, state: state))
                }
                result = (result ?? []).union(nodes)
            }
        }
        return result
    }
}
