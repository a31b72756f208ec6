/// Nodes and the edges between them: an edge parent -> child means the child reads the parent.
public struct DependencyGraph: Sendable {
    public private(set) var nodes: [NodeID: GraphNode] = [:]
    public private(set) var parents: [NodeID: Set<NodeID>] = [:]
    public private(set) var children: [NodeID: Set<NodeID>] = [:]

    public init() {}

    /// A graph of `nodes` with an edge from each of `parents[i]` to `nodes[i]`, leaving out parents that are not
    /// among `nodes`; a later node replaces an earlier one with the same id.
    ///
    /// Builds each node's sets once, on all cores, which is several times faster than `add` and `addEdge` for
    /// large graphs (hashing ids is most of the work).
    public init(nodes: [GraphNode], parents parentLists: [[NodeID]]) {
        var byID: [NodeID: GraphNode] = [:]
        byID.reserveCapacity(nodes.count)
        for node in nodes { byID[node.id] = node }
        let known = byID
        let parentSets = parentLists.concurrentMap { list in Set(list.filter { known[$0] != nil }) }
        var childLists: [NodeID: [NodeID]] = [:]
        parents.reserveCapacity(byID.count)
        for index in nodes.indices {
            let id = nodes[index].id
            let nodeParents = index < parentSets.count ? parentSets[index] : []
            parents[id] = nodeParents
            for parent in nodeParents { childLists[parent, default: []].append(id) }
        }
        let ids = Array(byID.keys)
        let lists = childLists
        let childSets = ids.concurrentMap { lists[$0].map(Set.init) ?? [] }
        children = Dictionary(uniqueKeysWithValues: zip(ids, childSets))
        self.nodes = byID
    }

    public mutating func add(_ node: GraphNode) {
        nodes[node.id] = node
        if parents[node.id] == nil { parents[node.id] = [] }
        if children[node.id] == nil { children[node.id] = [] }
    }

    /// Records that `child` depends on `parent`.
    ///
    /// Both must have been added.
    public mutating func addEdge(from parent: NodeID, to child: NodeID) {
        parents[child, default: []].insert(parent)
        children[parent, default: []].insert(child)
    }

    /// All node ids in a stable order.
    public var sortedIDs: [NodeID] { nodes.keys.sorted() }

    /// Every node reachable by following `edges` from `start`, up to `depth` steps (nil: unbounded), excluding `start`.
    public func reachable(
        from start: NodeID, following edges: KeyPath<DependencyGraph, [NodeID: Set<NodeID>]>, depth: Int? = nil
    )
        -> Set<NodeID>
    {
        var seen: Set<NodeID> = []
        var frontier: [NodeID] = [start]
        var steps = 0
        while !frontier.isEmpty, depth.map({ steps < $0 }) ?? true {
            var next: [NodeID] = []
            for id in frontier {
                for neighbour in self[keyPath: edges][id] ?? [] where seen.insert(neighbour).inserted {
                    next.append(neighbour)
                }
            }
            frontier = next
            steps += 1
        }
        seen.remove(start)
        return seen
    }

    public func ancestors(of id: NodeID, depth: Int? = nil) -> Set<NodeID> {
        reachable(from: id, following: \.parents, depth: depth)
    }

    public func descendants(of id: NodeID, depth: Int? = nil) -> Set<NodeID> {
        reachable(from: id, following: \.children, depth: depth)
    }
}
