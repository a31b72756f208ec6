import Testing
import WarehouseCore

@testable import WarehouseEngine

@Suite("ExecutionScheduler: readiness, skips, fail-fast, plan errors")
struct ExecutionSchedulerTests {
    typealias F = ExecutionFixture

    private func node(_ name: String, parents: [String] = []) -> ExecutionNode {
        F.node(name, .table, "select 1", parents: parents)
    }

    /// Drains ready nodes one at a time, completing each with `succeeded(name)`, and returns the start order.
    private func drain(_ scheduler: inout ExecutionScheduler, failing: Set<String> = []) -> (
        started: [String], skipped: [String]
    ) {
        var started: [String] = []
        var skipped: [String] = []
        while case .run(let node) = scheduler.next() {
            started.append(node.name)
            skipped += scheduler.complete(node.id, succeeded: !failing.contains(node.name)).map(\.node.name)
        }
        return (started, skipped)
    }

    @Test("ready nodes start smallest id first, children only after their parents")
    func order() throws {
        var scheduler = try ExecutionScheduler(
            nodes: [node("d", parents: ["a"]), node("c"), node("b", parents: ["c", "a"]), node("a")],
            failFast: false
        )
        let (started, skipped) = drain(&scheduler)
        #expect(started == ["a", "c", "b", "d"])
        #expect(skipped == [])
        #expect(scheduler.isFinished)
    }

    @Test("parents outside the run count as built")
    func parentsOutsideTheRun() throws {
        var scheduler = try ExecutionScheduler(nodes: [node("b", parents: ["not_selected"])], failFast: false)
        #expect(drain(&scheduler).started == ["b"])
    }

    @Test("a failure skips every descendant, once, and lets independent branches run")
    func skipDescendants() throws {
        var scheduler = try ExecutionScheduler(
            nodes: [
                node("a"), node("b", parents: ["a"]), node("c", parents: ["b"]), node("d", parents: ["b", "c"]),
                node("e"), node("f", parents: ["e", "a"]),
            ],
            failFast: false
        )
        let (started, skipped) = drain(&scheduler, failing: ["b"])
        #expect(started == ["a", "b", "e", "f"])
        #expect(skipped == ["c", "d"])
        #expect(scheduler.isFinished)
    }

    @Test("fail-fast skips everything not started, but a running node still completes")
    func failFast() throws {
        var scheduler = try ExecutionScheduler(
            nodes: [node("a"), node("b"), node("c"), node("d", parents: ["b"])], failFast: true)
        guard case .run(let a) = scheduler.next(), case .run(let b) = scheduler.next() else {
            Issue.record("expected two ready nodes")
            return
        }
        let skipped = scheduler.complete(a.id, succeeded: false).map { "\($0.node.name): \($0.reason.message)" }
        #expect(
            skipped == [
                "c: skipped: fail-fast stopped the run after model.shop.a failed",
                "d: skipped: fail-fast stopped the run after model.shop.a failed",
            ])
        guard case .wait = scheduler.next() else {
            Issue.record("no node may start after a fail-fast failure")
            return
        }
        #expect(scheduler.complete(b.id, succeeded: true).isEmpty)
        #expect(scheduler.isFinished)
    }

    @Test("a cycle and a duplicate id are refused up front")
    func planErrors() {
        #expect(throws: ExecutionPlanError.cycle([NodeID("model.shop.a"), NodeID("model.shop.b")])) {
            try ExecutionScheduler(
                nodes: [node("a", parents: ["b"]), node("b", parents: ["a"]), node("c")], failFast: false)
        }
        #expect(throws: ExecutionPlanError.duplicateNode(NodeID("model.shop.a"))) {
            try ExecutionScheduler(nodes: [node("a"), node("a")], failFast: false)
        }
    }
}
