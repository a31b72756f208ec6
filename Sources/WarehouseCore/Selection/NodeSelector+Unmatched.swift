public import SQLTemplate

extension NodeSelector {
    /// A warning for each `--select` term (space-separated) that matches no node, as dbt warns "The selection
    /// criterion '...' does not match any enabled nodes", with a did-you-mean when the term is a mistyped name.
    ///
    /// Malformed terms are left out: ``select(_:select:exclude:)`` reports them as errors.
    public func unmatched(_ graph: DependencyGraph, select: [String]) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        for expression in select {
            var column = 1
            for part in expression.split(separator: " ", omittingEmptySubsequences: false) {
                defer { column += part.count + 1 }
                let term = String(part)
                guard !term.isEmpty,
                    let nodes = try? self.select(graph, select: [term], exclude: []), nodes.isEmpty
                else { continue }
                warnings.append(
                    Diagnostic(
                        severity: .warning, location: SourceLocation(path: "--select", line: 1, column: column),
                        message: "the selection criterion '\(term)' does not match any enabled nodes",
                        sourceLine: expression, help: Self.suggestion(for: term, in: graph)))
            }
        }
        return warnings
    }

    /// `did you mean 'orders'?` for a plain name such as `+ordrs+`, when a node's name is close.
    private static func suggestion(for term: String, in graph: DependencyGraph) -> String? {
        let graphOperators: Set<Character> = ["@", "+", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
        let name = term.drop { graphOperators.contains($0) }.reversed().drop { graphOperators.contains($0) }
        let plain = String(name.reversed())
        guard !plain.isEmpty, !plain.contains(where: { ":,*?[".contains($0) }) else { return nil }
        let names = Set(graph.nodes.values.lazy.filter { $0.resourceType != .test }.map(\.name))
        return ClosestName.help(for: plain, among: names.sorted())
    }
}
