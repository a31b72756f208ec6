import Testing
import WarehouseCore

@testable import WarehouseEngine

@Suite("Test edges: descendants of a model wait for its tests, as in dbt build")
struct TestEdgesTests {
    private func model(_ name: String, parents: [String] = []) -> ExecutionNode {
        ExecutionFixture.node(name, .table, "select 1", parents: parents)
    }

    private func test(_ name: String, on models: [String]) -> ExecutionNode {
        ExecutionNode(
            id: NodeID("test.shop.\(name)"), name: name, resourceType: .test, materialization: .test,
            relation: Relation(database: nil, schema: "analytics_audit", identifier: name), compiledSQL: "select 1",
            parents: Set(models.map { NodeID("model.shop.\($0)") }), path: "models/schema.yml")
    }

    /// The extra parents, by node name, as sorted test names.
    private func edges(_ nodes: [ExecutionNode]) -> [String: [String]] {
        let byID = Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0) })
        var result: [String: [String]] = [:]
        for (id, tests) in TestEdges.extraParents(of: byID) {
            result[byID[id]?.name ?? id.rawValue] = tests.compactMap { byID[$0]?.name }.sorted()
        }
        return result
    }

    @Test("a model's children wait for its tests; grandchildren wait through them; tests never wait for tests")
    func singleModel() {
        let nodes = [
            model("a"), model("b", parents: ["a"]), model("c", parents: ["b"]), model("d", parents: ["a", "c"]),
            model("x"), test("t1", on: ["a"]), test("t2", on: ["a"]), test("tb", on: ["b"]),
        ]
        #expect(edges(nodes) == ["b": ["t1", "t2"], "d": ["t1", "t2"], "c": ["tb"]])
    }

    @Test("a test on two models holds back only the nodes downstream of both, the nearest ones")
    func twoModels() {
        let nodes = [
            model("customers"), model("orders", parents: ["customers"]), model("a", parents: ["customers"]),
            model("report", parents: ["a", "orders"]), model("final", parents: ["report"]),
            model("other", parents: ["orders"]), test("rel", on: ["orders", "customers"]),
        ]
        #expect(edges(nodes) == ["report": ["rel"], "other": ["rel"]])
    }

    @Test("parents outside the run are ignored, and a test with none in the run holds nothing back")
    func outsideTheRun() {
        let nodes = [model("b", parents: ["a"]), test("ta", on: ["a"]), test("tb", on: ["b", "source"])]
        #expect(edges(nodes) == [:])
    }

    @Test("a test that also tests a model outside the run holds nothing back; a source parent does not count")
    func testOfAModelOutsideTheRun() {
        var onSource = test("on_source", on: ["a"])
        onSource.parents.insert(NodeID("source.shop.raw.orders"))
        let nodes = [
            model("a"), model("c", parents: ["a"]), test("rel", on: ["a", "unselected"]), onSource,
        ]
        #expect(edges(nodes) == ["c": ["on_source"]])
    }

    @Test("the scheduler starts a child after the tests of its parent, and a failed test skips the child's subtree")
    func scheduling() throws {
        var scheduler = try ExecutionScheduler(
            nodes: [
                model("a"), model("b", parents: ["a"]), model("c", parents: ["b"]), model("e"),
                test("ta", on: ["a"]), test("tb", on: ["b"]), test("te", on: ["e"]),
            ],
            failFast: false)
        var started: [String] = []
        var skipped: [String] = []
        while case .run(let node) = scheduler.next() {
            started.append(node.name)
            skipped += scheduler.complete(node.id, succeeded: node.name != "ta").map(\.node.name)
        }
        #expect(started == ["a", "e", "ta", "te"])
        #expect(skipped == ["b", "c", "tb"])
        #expect(scheduler.isFinished)
    }
}
