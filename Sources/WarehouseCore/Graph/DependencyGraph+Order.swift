extension DependencyGraph {
    /// Node ids so that every parent comes before its children; ties broken by id, so output is deterministic.
    ///
    /// Returns nil when the graph has a cycle; `findCycle()` names it.
    public func topologicalOrder() -> [NodeID]? { kahnOrder(breakingTiesByID: true) }

    /// One cycle as a path that starts and ends at the same node (`a -> b -> a`), or nil when there is none.
    public func findCycle() -> [NodeID]? {
        // The common, acyclic case costs one unsorted pass; the sorted search below only names a cycle.
        guard kahnOrder(breakingTiesByID: false) == nil else { return nil }
        enum Mark { case visiting, done }
        var marks: [NodeID: Mark] = [:]
        for start in sortedIDs where marks[start] == nil {
            // Iterative depth-first search: (node, its sorted children, next child index).
            var stack: [(id: NodeID, children: [NodeID], next: Int)] = [(start, (children[start] ?? []).sorted(), 0)]
            marks[start] = .visiting
            while let top = stack.last {
                if top.next == top.children.count {
                    marks[top.id] = .done
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let child = top.children[top.next]
                switch marks[child] {
                case .visiting:
                    let path = stack.map(\.id)
                    let startIndex = path.firstIndex(of: child) ?? 0
                    return Array(path[startIndex...]) + [child]
                case .done:
                    continue
                case nil:
                    marks[child] = .visiting
                    stack.append((child, (children[child] ?? []).sorted(), 0))
                }
            }
        }
        return nil
    }

    /// Kahn's algorithm: each node once all its parents are out; nil when a cycle keeps some in.
    ///
    /// `breakingTiesByID` keeps the ready nodes sorted, so the order is deterministic; without it the order is the
    /// dictionaries', which is enough to tell whether there is a cycle and spares a sort per step.
    private func kahnOrder(breakingTiesByID: Bool) -> [NodeID]? {
        var remainingParents = parents.mapValues(\.count)
        var ready = remainingParents.filter { $0.value == 0 }.map(\.key)
        if breakingTiesByID { ready.sort(by: >) }
        var order: [NodeID] = []
        order.reserveCapacity(nodes.count)
        while let next = ready.popLast() {
            order.append(next)
            let readyBefore = ready.count
            for child in children[next] ?? [] {
                guard let remaining = remainingParents[child] else { continue }
                remainingParents[child] = remaining - 1
                if remaining == 1 { ready.append(child) }
            }
            if breakingTiesByID, ready.count > readyBefore { ready.sort(by: >) }
        }
        return order.count == remainingParents.count ? order : nil
    }
}
