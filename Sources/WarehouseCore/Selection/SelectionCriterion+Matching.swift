extension SelectionCriterion {
    /// The nodes the method and value pick, before widening through the graph.
    func matchingNodes(in graph: DependencyGraph) -> Set<NodeID> {
        let matcher = NodeMatcher(method: method, value: value)
        return Set(graph.nodes.values.lazy.filter { matcher.matches($0) }.map(\.id))
    }

    /// The matching nodes widened by `+`, `n+`, `+n` and `@`.
    func select(in graph: DependencyGraph) -> Set<NodeID> {
        let base = matchingNodes(in: graph)
        if childrensParents {
            let downstream = base.union(graph.descendants(of: base))
            return downstream.union(graph.ancestors(of: downstream))
        }
        var result = base
        if parents { result.formUnion(graph.ancestors(of: base, depth: parentsDepth)) }
        if children { result.formUnion(graph.descendants(of: base, depth: childrenDepth)) }
        return result
    }
}

/// Decides whether one node matches a method and value, with the value's pattern compiled once.
private struct NodeMatcher {
    let method: SelectorMethod
    let value: String
    let pattern: GlobPattern
    /// The value split at dots, for fqn and source matching.
    let parts: [String]

    init(method: SelectorMethod, value: String) {
        // Without a method, a value that looks like a file path selects by path, as in dbt.
        let looksLikePath = value.contains("/") || [".sql", ".csv", ".yml", ".yaml"].contains { value.hasSuffix($0) }
        self.method = method == .name && looksLikePath ? .path : method
        let written = self.method == .path ? Self.normalizedPath(value) : value
        self.value = written
        pattern = GlobPattern(written)
        parts = written.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    func matches(_ node: GraphNode) -> Bool {
        switch method {
        case .name:
            return pattern.matches(node.name) || fqnMatches(node.fqn) || fqnMatches(Array(node.fqn.dropFirst()))
        case .fqn:
            return fqnMatches(node.fqn) || fqnMatches(Array(node.fqn.dropFirst()))
        case .path:
            return node.path == value || node.path.hasPrefix(value + "/") || value == "." || pattern.matches(node.path)
        case .file:
            let file = node.path.split(separator: "/").last.map(String.init) ?? node.path
            let stem = file.split(separator: ".", maxSplits: 1).first.map(String.init) ?? file
            return pattern.matches(file) || pattern.matches(stem)
        case .tag:
            return node.tags.contains { pattern.matches($0) }
        case .config(let key):
            return node.config[key].map { pattern.matches($0) } ?? false
        case .resourceType:
            return node.resourceType.rawValue == value
        case .package:
            return pattern.matches(node.packageName)
        case .source:
            return node.resourceType == .source && sourceMatches(node)
        case .testType:
            // A singular test is its own .sql file; a generic test and a unit test are defined in a property file.
            guard node.resourceType == .test else { return false }
            if node.id.rawValue.hasPrefix("unit_test.") { return value == "unit" }
            return (node.path.hasSuffix(".sql") ? "singular" : "generic") == value
        }
    }

    /// `source:src`, `source:src.table` or `source:package.src.table`, each part a pattern.
    private func sourceMatches(_ node: GraphNode) -> Bool {
        let nameParts = node.name.split(separator: ".", maxSplits: 1).map(String.init)
        let written = [node.packageName] + nameParts
        guard (1...3).contains(parts.count) else { return false }
        let offset = parts.count == 3 ? 0 : 1
        return parts.enumerated().allSatisfy { index, part in
            let position = index + offset
            return position < written.count && GlobPattern(part).matches(written[position])
        }
    }

    /// dbt's fqn rule: the leaf equals the value, or the value's dot-separated parts are a prefix of the fqn,
    /// the first part with a wildcard matching the rest of the fqn joined by dots.
    private func fqnMatches(_ fqn: [String]) -> Bool {
        if fqn.last == value { return true }
        let flat = fqn.flatMap { $0.split(separator: ".", omittingEmptySubsequences: false).map(String.init) }
        guard flat.count >= parts.count else { return false }
        for (index, part) in parts.enumerated() {
            if GlobPattern(part).hasWildcards {
                let rest = parts[index...].joined(separator: ".")
                return GlobPattern(rest).matches(flat[index...].joined(separator: "."))
            }
            if flat[index] != part { return false }
        }
        return true
    }

    private static func normalizedPath(_ path: String) -> String {
        var result = Substring(path)
        while result.hasPrefix("./") { result = result.dropFirst(2) }
        while result.count > 1, result.hasSuffix("/") { result = result.dropLast() }
        return String(result)
    }
}
