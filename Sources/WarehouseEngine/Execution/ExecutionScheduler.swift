import WarehouseCore

/// The run's bookkeeping: which nodes are ready, which must be skipped.
///
/// Pure state, no threads, no database.
///
/// A node becomes ready once every parent in the run has succeeded, and every test upstream of it has passed or
/// warned (see ``TestEdges``); ready nodes are handed out smallest id first. A failure (an error, or a failed test)
/// skips every node downstream of it; with `failFast` it skips every node not yet started.
struct ExecutionScheduler {
    /// Why a node is skipped.
    enum SkipReason: Sendable, Hashable {
        case upstreamFailed(NodeID)
        case failFast(NodeID)
        case cancelled

        var message: String {
            switch self {
            case .upstreamFailed(let id): "skipped because \(id) failed"
            case .failFast(let id): "skipped: fail-fast stopped the run after \(id) failed"
            case .cancelled: "skipped: the run was cancelled"
            }
        }
    }

    /// What a worker should do next.
    enum Next {
        case run(ExecutionNode)
        /// Nothing is ready, but running nodes may release more.
        case wait
        case finished
    }

    private let nodes: [NodeID: ExecutionNode]
    private let children: [NodeID: [NodeID]]
    private var waitingParents: [NodeID: Int]
    /// Ready node ids, sorted descending so the smallest is popped from the end.
    private var ready: [NodeID]
    private var resolved: Set<NodeID> = []
    private var running: Set<NodeID> = []
    private var stopped = false
    let failFast: Bool

    init(nodes list: [ExecutionNode], failFast: Bool) throws(ExecutionPlanError) {
        var nodes: [NodeID: ExecutionNode] = [:]
        for node in list {
            guard nodes.updateValue(node, forKey: node.id) == nil else {
                throw ExecutionPlanError.duplicateNode(node.id)
            }
        }
        let testParents = TestEdges.extraParents(of: nodes)
        var children: [NodeID: [NodeID]] = [:]
        var waitingParents: [NodeID: Int] = [:]
        for node in list {
            let parents = node.parents.union(testParents[node.id] ?? []).filter { nodes[$0] != nil && $0 != node.id }
            waitingParents[node.id] = parents.count
            for parent in parents { children[parent, default: []].append(node.id) }
        }
        self.nodes = nodes
        self.children = children.mapValues { $0.sorted() }
        self.waitingParents = waitingParents
        self.ready = waitingParents.filter { $0.value == 0 }.map(\.key).sorted(by: >)
        self.failFast = failFast
        try checkAcyclic(list)
    }

    /// Whether every node has finished or been skipped.
    var isFinished: Bool { resolved.count == nodes.count }

    /// Hands out the next ready node, marking it running.
    mutating func next() -> Next {
        if isFinished { return .finished }
        guard !stopped, let id = ready.popLast(), let node = nodes[id] else { return .wait }
        running.insert(id)
        return .run(node)
    }

    /// Records a running node's end; returns the nodes skipped because of it, sorted by id.
    mutating func complete(_ id: NodeID, succeeded: Bool) -> [(node: ExecutionNode, reason: SkipReason)] {
        running.remove(id)
        resolved.insert(id)
        guard succeeded else {
            if failFast { return stop(reason: .failFast(id)) }
            return skip(descendantsOf: id)
        }
        var released: [NodeID] = []
        for child in children[id] ?? [] where !resolved.contains(child) {
            waitingParents[child, default: 0] -= 1
            if waitingParents[child] == 0 { released.append(child) }
        }
        if !released.isEmpty {
            ready.append(contentsOf: released)
            ready.sort(by: >)
        }
        return []
    }

    /// Stops handing out nodes: every node not yet started is skipped (running ones may still complete).
    mutating func stop(reason: SkipReason) -> [(node: ExecutionNode, reason: SkipReason)] {
        stopped = true
        ready.removeAll()
        return markSkipped(nodes.keys.filter { !resolved.contains($0) && !running.contains($0) }, reason: reason)
    }

    private mutating func skip(descendantsOf id: NodeID) -> [(node: ExecutionNode, reason: SkipReason)] {
        var found: [NodeID] = []
        var frontier = children[id] ?? []
        var seen: Set<NodeID> = []
        while let next = frontier.popLast() {
            guard seen.insert(next).inserted, !resolved.contains(next) else { continue }
            found.append(next)
            frontier.append(contentsOf: children[next] ?? [])
        }
        return markSkipped(found, reason: .upstreamFailed(id))
    }

    private mutating func markSkipped(_ ids: [NodeID], reason: SkipReason) -> [(
        node: ExecutionNode, reason: SkipReason
    )] {
        var skipped: [(node: ExecutionNode, reason: SkipReason)] = []
        for id in ids.sorted() {
            guard let node = nodes[id], resolved.insert(id).inserted else { continue }
            skipped.append((node, reason))
        }
        return skipped
    }

    private func checkAcyclic(_ list: [ExecutionNode]) throws(ExecutionPlanError) {
        var waiting = waitingParents
        var queue = ready
        var visited = 0
        while let id = queue.popLast() {
            visited += 1
            for child in children[id] ?? [] {
                waiting[child, default: 0] -= 1
                if waiting[child] == 0 { queue.append(child) }
            }
        }
        guard visited == list.count else {
            throw ExecutionPlanError.cycle(waiting.filter { $0.value > 0 }.map(\.key).sorted())
        }
    }
}
