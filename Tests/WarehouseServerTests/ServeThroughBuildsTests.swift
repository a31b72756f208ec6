import Foundation
import Hummingbird
import HummingbirdTesting
import PostgresClient
import Synchronization
import Testing
import WarehouseCLI
import WarehouseCore
import WarehouseEngine
import WarehouseServer
import WarehouseTesting

/// `wh serve` while `wh build`s run: the cache follows the builds (a build that changes data changes the next answer
/// and its ETag), and uncached requests keep answering 200 through consecutive builds.
@Suite(.serialized) struct ServeThroughBuildsTests {
    /// When each build started and ended, when each answer arrived and its status, and whether the builds are done.
    final class Timeline: Sendable {
        let builds = Mutex<[(start: ContinuousClock.Instant, end: ContinuousClock.Instant)]>([])
        let answers = Mutex<[(at: ContinuousClock.Instant, status: Int, uri: String)]>([])
        let done = Atomic<Bool>(false)
    }

    /// A fresh copy of the example warehouse built on a database of its own (these tests change its data).
    private static func builtWarehouse() async throws -> (database: ConnectionConfiguration, project: URL) {
        let database = try await TestDatabase.create()
        let project = try ExampleWarehouseProject.copy()
        try await ServedProject.build(project, database)
        return (database, project)
    }

    /// A number of the first row, by column name, as Postgres wrote it.
    private static func decimal(_ response: KPIResponse, _ column: String) -> Decimal? {
        guard let value = response.records.first?[column] else { return nil }
        return Decimal(string: "\(value)")
    }

    @Test func aBuildThatChangesDataChangesTheNextAnswerAndItsETag() async throws {
        let (database, project) = try await Self.builtWarehouse()
        let kpis = try await ServedProject.kpis(of: project, on: database)
        let watcher = BuildWatcher(configuration: database, logger: ServedProject.logger)
        defer { watcher.stop() }
        #expect(await watcher.wait(for: .seconds(10)) { $0.listening && $0.latest != nil })
        let firstBuild = try #require(watcher.current.latest)
        let delivery = KPIDelivery(cache: ResponseCache(), builds: watcher)
        try await ServedProject.withServer(kpis, database: database, delivery: delivery) { client in
            let before = try await client.get("/api/kpis/total_sales")
            #expect(before.status == .ok)
            let etag = try #require(before.headers[.eTag])
            #expect(before.json["built_at"] as? String != nil)
            let cached = try await client.get("/api/kpis/total_sales", headers: [.ifNoneMatch: etag])
            #expect(cached.status == .notModified)

            // One more order line: invoice 999999, 10 units at 2.50.
            let seed = project.appendingPathComponent("seeds/retail_history.csv")
            let handle = try FileHandle(forWritingTo: seed)
            try handle.seekToEnd()
            try handle.write(
                contentsOf: Data(
                    "999999,23084,RABBIT NIGHT LIGHT,10,2024-01-15 10:00:00,2.50,12411,United Kingdom\n".utf8))
            try handle.close()
            try await ServedProject.build(project, database)
            #expect(await watcher.wait(for: .seconds(10)) { ($0.latest?.id ?? 0) > firstBuild.id })

            let after = try await client.get("/api/kpis/total_sales", headers: [.ifNoneMatch: etag])
            #expect(after.status == .ok)
            #expect(after.headers[.eTag] != nil && after.headers[.eTag] != etag)
            for (column, delta) in [("orders", 1), ("order_lines", 1), ("units_sold", 10)] {
                let old = try #require(Self.decimal(before, column))
                #expect(Self.decimal(after, column) == old + Decimal(delta), "\(column)")
            }
            let revenue = try #require(Self.decimal(before, "sales_revenue"))
            #expect(Self.decimal(after, "sales_revenue") == revenue + 25)
            #expect(after.json["built_at"] as? String != before.json["built_at"] as? String)
        }
    }

    @Test func uncachedRequestsAnswer200ThroughTenConsecutiveBuilds() async throws {
        let (database, project) = try await Self.builtWarehouse()
        let kpis = try await ServedProject.kpis(of: project, on: database)
        let uris = [
            "/api/kpis/total_sales", "/api/kpis/top_products?n=5", "/api/kpis/sales_by_country",
            "/api/kpis/sales_over_time?grain=month", "/api/customers/12411/spend",
        ]
        let timeline = Timeline()
        try await ServedProject.withServer(kpis, database: database, delivery: KPIDelivery()) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { [timeline] in
                    // Bounded: at most 20,000 requests, stopping once the builds are done.
                    for index in 0..<20_000 where !timeline.done.load(ordering: .relaxed) {
                        let uri = uris[index % uris.count]
                        let status = try await client.get(uri).status.code
                        timeline.answers.withLock { $0.append((ContinuousClock.now, status, uri)) }
                    }
                }
                group.addTask { [timeline] in
                    defer { timeline.done.store(true, ordering: .relaxed) }
                    for _ in 0..<10 {
                        let start = ContinuousClock.now
                        try await ServedProject.build(project, database, ["--no-skip"])
                        timeline.builds.withLock { $0.append((start, ContinuousClock.now)) }
                    }
                }
                try await group.waitForAll()
            }
        }
        let windows = timeline.builds.withLock { $0 }
        let seen = timeline.answers.withLock { $0 }
        #expect(windows.count == 10)
        let failures = seen.filter { $0.status != 200 }
        #expect(failures.isEmpty, "\(failures.count) of \(seen.count) answers were not 200: \(failures.prefix(5))")
        // The reader really overlapped every build: answers arrived while each one ran.
        for (index, window) in windows.enumerated() {
            let during = seen.filter { $0.at > window.start && $0.at < window.end }.count
            #expect(during > 0, "no answer arrived during build \(index + 1)")
        }
        #expect(seen.count > 50)
    }
}
