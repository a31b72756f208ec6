import Foundation
import PostgresClient
import Testing
import WarehouseCore
import WarehouseTesting

@testable import WarehouseEngine

private typealias F = ExecutionFixture

/// Rebuilding a graph whose views already exist, on several threads at once.
@Suite struct ExecutionRebuildTests {
    /// Five levels of 12 views, each reading three views of the level above: swapping two roots at once drops
    /// (with `cascade`) the old views below them, overlapping sets locked in different orders, which deadlocked
    /// before swaps took an advisory lock.
    private func sharedDependentsGraph() -> [ExecutionNode] {
        let width = 12
        var nodes = (0..<width).map { F.node("v0_\($0)", .view, "select \($0) as id") }
        for level in 1..<5 {
            for index in 0..<width {
                let parents = [index, (index + 5) % width, (index + 7) % width].map { "v\(level - 1)_\($0)" }
                nodes.append(
                    F.node(
                        "v\(level)_\(index)", .view,
                        parents.map { "select id from analytics.\($0)" }.joined(separator: " union all "),
                        parents: parents))
            }
        }
        return nodes
    }

    @Test func rebuildingSiblingsThatShareDependentsDoesNotDeadlock() async throws {
        let database = try await TestDatabase.create()
        let nodes = sharedDependentsGraph()
        let first = try await F.run(nodes, on: database, threads: 4)
        #expect(first.errorCount == 0)
        for round in 1...8 {
            let again = try await F.run(nodes, on: database, threads: 4)
            #expect(again.errorCount == 0, "round \(round): \(again.results.compactMap(\.error).map(\.description))")
        }
        #expect(try await F.ints(database, "select count(*) from analytics.v4_0") == [81])
    }
}
