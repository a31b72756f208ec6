import Foundation
import PostgresClient
import Synchronization
import Testing
import WarehouseCore
import WarehouseTesting

@testable import WarehouseEngine

@Suite("Atomic table swaps under concurrent readers")
struct MaterializationAtomicityTests {
    typealias F = ExecutionFixture

    /// What the reader thread saw.
    struct Observations: Sendable {
        var counts: [Int] = []
        var errors: [String] = []
    }

    @Test("a reader counting rows during 20 slow rebuilds always sees the full old or the full new table")
    func readersNeverSeeAHalfBuiltTable() async throws {
        let database = try await TestDatabase.create()
        let sizes = [50_000, 60_000]
        func build(_ round: Int) -> ExecutionNode {
            F.node(
                "big", .table,
                "select g as id, md5(g::text) as payload from generate_series(1, \(sizes[round % 2])) g, pg_sleep(0.05)"
            )
        }
        #expect(try await F.run([build(0)], on: database).succeeded)

        let done = Atomic<Bool>(false)
        let reader = Task {
            try await BlockingWork.run {
                let connection = try Connection.connect(database, logger: F.logger)
                var observations = Observations()
                // Bounded: the rebuilds end long before this many reads.
                for _ in 0..<200_000 where !done.load(ordering: .acquiring) {
                    do {
                        observations.counts.append(
                            try connection.query("select count(*) from analytics.big").first?.int(0) ?? -1)
                    } catch {
                        observations.errors.append("\(error)")
                    }
                }
                return observations
            }
        }
        for round in 1...20 {
            let results = try await F.run([build(round)], on: database)
            #expect(results.succeeded, "rebuild \(round): \(results.results.map(\.message))")
        }
        done.store(true, ordering: .releasing)
        let observations = try await reader.value

        #expect(observations.errors == [])
        #expect(
            observations.counts.allSatisfy(sizes.contains),
            "unexpected counts: \(Set(observations.counts).subtracting(sizes))")
        #expect(Set(observations.counts) == Set(sizes), "the reader should have seen both sizes across 20 rebuilds")
        #expect(try await F.ints(database, "select count(*) from analytics.big") == [sizes[0]])
    }
}
