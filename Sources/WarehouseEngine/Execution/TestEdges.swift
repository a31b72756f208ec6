import WarehouseCore

/// The edges `dbt build` adds so that nothing is built on data whose tests have not passed.
///
/// A node (other than a test) waits for every test whose parents in the run are all upstream of it: the tests of
/// a model hold back that model's descendants, and a `relationships` test on two models holds back what reads both.
/// A failing test then skips those descendants through the ordinary rule, while its siblings, the other tests of
/// the same model, still run.
///
/// Only the nearest such nodes get the edge: a descendant whose parent already waits for the test waits through it.
/// Ancestry is counted within the run; a node reached only through unselected nodes does not wait. A test that
/// also tests a model or seed outside the run (eager selection brings in a `relationships` test of a selected
/// model and an unselected one) holds nothing back: a selected node is never skipped for data this run does not
/// build. (Sources are never in a run and do not count as outside.)
enum TestEdges {
    /// The tests each node must wait for, besides its own parents, by node id.
    static func extraParents(of nodes: [NodeID: ExecutionNode]) -> [NodeID: [NodeID]] {
        var children: [NodeID: [NodeID]] = [:]
        var testsByParents: [[NodeID]: [NodeID]] = [:]
        for (id, node) in nodes {
            let parents = node.parents.filter { $0 != id && nodes[$0].map { $0.resourceType != .test } == true }
            if node.unitTest != nil {
                // Its model waits for it directly (ExecutionPlan); what else reads the inputs does not.
                continue
            } else if node.resourceType == .test {
                let testsOutsideTheRun = node.parents.contains { nodes[$0] == nil && $0.resourceType != .source }
                if !parents.isEmpty, !testsOutsideTheRun { testsByParents[parents.sorted(), default: []].append(id) }
            } else {
                for parent in parents { children[parent, default: []].append(id) }
            }
        }
        var extra: [NodeID: [NodeID]] = [:]
        for (parents, tests) in testsByParents {
            for waiting in nearestCommonDescendants(of: parents, children: children, nodes: nodes) {
                extra[waiting, default: []].append(contentsOf: tests)
            }
        }
        return extra
    }

    /// The nodes downstream of every one of `ancestors` none of whose parents is.
    private static func nearestCommonDescendants(
        of ancestors: [NodeID], children: [NodeID: [NodeID]], nodes: [NodeID: ExecutionNode]
    ) -> [NodeID] {
        guard ancestors.count > 1 else { return ancestors.first.flatMap { children[$0] } ?? [] }
        var common: Set<NodeID>?
        for ancestor in ancestors {
            let reached = descendants(of: ancestor, children: children)
            common = common.map { $0.intersection(reached) } ?? reached
        }
        guard let common else { return [] }
        return common.filter { id in nodes[id].map { $0.parents.isDisjoint(with: common) } ?? false }
    }

    private static func descendants(of id: NodeID, children: [NodeID: [NodeID]]) -> Set<NodeID> {
        var found: Set<NodeID> = []
        var frontier = children[id] ?? []
        while let next = frontier.popLast() {
            guard found.insert(next).inserted else { continue }
            frontier.append(contentsOf: children[next] ?? [])
        }
        return found
    }
}
