import Testing
import WarehouseCore

@Suite struct DependencyGraphTests {
    private func graph(_ edges: [(String, String)], extra: [String] = []) -> DependencyGraph {
        var graph = DependencyGraph()
        let names = Set(edges.flatMap { [$0.0, $0.1] } + extra)
        for name in names {
            graph.add(
                GraphNode(
                    id: NodeID(.model, package: "p", name: name), name: name, resourceType: .model,
                    packageName: "p", path: "models/\(name).sql", fqn: ["p", name]))
        }
        for (parent, child) in edges {
            graph.addEdge(
                from: NodeID(.model, package: "p", name: parent), to: NodeID(.model, package: "p", name: child))
        }
        return graph
    }

    @Test func topologicalOrderPutsParentsFirstAndBreaksTiesByID() throws {
        let order = try #require(graph([("c", "d"), ("a", "d"), ("b", "c")], extra: ["e"]).topologicalOrder())
        #expect(order.map { $0.rawValue.split(separator: ".").last.map(String.init) } == ["a", "b", "c", "d", "e"])
    }

    @Test func cycleIsReportedAsAPath() throws {
        let cyclic = graph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "a")])
        #expect(cyclic.topologicalOrder() == nil)
        let cycle = try #require(cyclic.findCycle())
        #expect(cycle.map(\.rawValue) == ["model.p.a", "model.p.b", "model.p.c", "model.p.a"])
    }

    @Test func acyclicGraphHasNoCycle() {
        #expect(graph([("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")]).findCycle() == nil)
    }

    @Test func bulkInitializerMatchesAddingNodesAndEdgesOneByOne() {
        let edges = [("a", "b"), ("a", "c"), ("b", "c"), ("c", "d")]
        let expected = graph(edges, extra: ["e"])
        let names = ["a", "b", "c", "d", "e"]
        let nodes = names.map { name in
            GraphNode(
                id: NodeID(.model, package: "p", name: name), name: name, resourceType: .model, packageName: "p",
                path: "models/\(name).sql", fqn: ["p", name])
        }
        // A parent that is not a node (a disabled model) is left out; a repeated parent counts once.
        let parents = names.map { child in
            edges.filter { $0.1 == child }.map { NodeID(.model, package: "p", name: $0.0) }
                + (child == "d"
                    ? [NodeID(.model, package: "p", name: "disabled"), NodeID(.model, package: "p", name: "c")] : [])
        }
        let built = DependencyGraph(nodes: nodes, parents: parents)
        #expect(built.nodes == expected.nodes)
        #expect(built.parents == expected.parents)
        #expect(built.children == expected.children)
        #expect(built.children[NodeID(.model, package: "p", name: "a")]?.count == 2)
    }

    @Test func longChainsAndDiamondsAreAcyclicAndAClosedLoopIsNot() throws {
        let chain = (0..<2_000).map { ("n\($0)", "n\($0 + 1)") }
        let diamonds = (0..<500).flatMap {
            [("d\($0)", "l\($0)"), ("d\($0)", "r\($0)"), ("l\($0)", "j\($0)"), ("r\($0)", "j\($0)")]
        }
        #expect(graph(chain + diamonds).findCycle() == nil)
        let cycle = try #require(graph(chain + [("n2000", "n1000")]).findCycle())
        #expect(cycle.first == cycle.last)
        #expect(cycle.count == 1_002)
    }

    @Test func ancestorsAndDescendantsRespectDepth() {
        let chain = graph([("a", "b"), ("b", "c"), ("c", "d")])
        let c = NodeID(.model, package: "p", name: "c")
        #expect(chain.ancestors(of: c).map(\.rawValue).sorted() == ["model.p.a", "model.p.b"])
        #expect(chain.ancestors(of: c, depth: 1).map(\.rawValue) == ["model.p.b"])
        #expect(chain.descendants(of: NodeID(.model, package: "p", name: "a"), depth: 2).count == 2)
    }
}

@Suite struct AttachedTestSelectionTests {
    @Test func selectingAModelBringsItsTestsButNotOthers() {
        var graph = DependencyGraph()
        func add(_ type: ResourceType, _ name: String) -> NodeID {
            let id = NodeID(type, package: "p", name: name)
            graph.add(GraphNode(id: id, name: name, resourceType: type, packageName: "p", path: name, fqn: [name]))
            return id
        }
        let orders = add(.model, "orders")
        let customers = add(.model, "customers")
        let notNull = add(.test, "not_null_orders_id")
        let relationship = add(.test, "relationships_orders_customer_id")
        let customerTest = add(.test, "unique_customers_id")
        graph.addEdge(from: orders, to: notNull)
        graph.addEdge(from: orders, to: relationship)
        graph.addEdge(from: customers, to: relationship)
        graph.addEdge(from: customers, to: customerTest)
        #expect(graph.withAttachedTests([orders]) == [orders, notNull, relationship])
    }
}
