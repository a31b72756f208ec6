extension DependencyGraph {
    /// Every node reachable from any of `starts` within `depth` steps (nil: unbounded), excluding the starts.
    ///
    /// One breadth-first walk from all starts at once, so selecting the ancestors of many nodes stays linear.
    public func reachable(
        from starts: Set<NodeID>, following edges: KeyPath<DependencyGraph, [NodeID: Set<NodeID>]>, depth: Int? = nil
    ) -> Set<NodeID> {
        var seen = starts
        var frontier = Array(starts)
        var steps = 0
        let adjacency = self[keyPath: edges]
        while !frontier.isEmpty, depth.map({ steps < $0 }) ?? true {
            var next: [NodeID] = []
            for id in frontier {
                for neighbour in adjacency[id] ?? [] where seen.insert(neighbour).inserted {
                    next.append(neighbour)
                }
            }
            frontier = next
            steps += 1
        }
        return seen.subtracting(starts)
    }

    public func ancestors(of ids: Set<NodeID>, depth: Int? = nil) -> Set<NodeID> {
        reachable(from: ids, following: \.parents, depth: depth)
    }

    public func descendants(of ids: Set<NodeID>, depth: Int? = nil) -> Set<NodeID> {
        reachable(from: ids, following: \.children, depth: depth)
    }
}
