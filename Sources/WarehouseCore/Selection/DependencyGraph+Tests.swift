extension DependencyGraph {
    /// `selected` plus every test that reads a selected node: dbt's default ("eager") indirect selection, so
    /// `wh test --select orders` runs the tests on `orders` and `wh build --select orders` checks what it built.
    public func withAttachedTests(_ selected: Set<NodeID>) -> Set<NodeID> {
        var result = selected
        for id in selected {
            for child in children[id] ?? [] where nodes[child]?.resourceType == .test {
                result.insert(child)
            }
        }
        return result
    }
}
