import Foundation
import Testing
import WarehouseCore
import WarehouseTesting

@testable import WarehouseEngine

@Suite("run_results.json")
struct ExecutionRunResultsTests {
    typealias F = ExecutionFixture

    @Test("the file has dbt's shape: metadata, results with adapter responses and timing, elapsed time")
    func shape() async throws {
        let database = try await TestDatabase.create()
        let results = try await F.run(
            [
                F.node("rows", .table, "select g from generate_series(1, 4211) g"),
                F.node("broken", .view, "select nope"),
                F.node("after_broken", .view, "select 1", parents: ["broken"]),
            ],
            on: database
        )
        let generatedAt = Date(timeIntervalSince1970: 1_700_000_000.25)
        let data = try results.runResultsJSON(
            metadata: RunResultsMetadata(generatedAt: generatedAt, invocationID: "inv-1", whVersion: "0.1.0"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])

        let metadata = try #require(json["metadata"] as? [String: Any])
        #expect(metadata["dbt_schema_version"] as? String == "https://schemas.getdbt.com/dbt/run-results/v6.json")
        #expect(metadata["generated_at"] as? String == "2023-11-14T22:13:20.250Z")
        #expect(metadata["invocation_id"] as? String == "inv-1")
        #expect(metadata["wh_version"] as? String == "0.1.0")
        // Foundation's JSON round trip of a double is not always exact.
        #expect((json["elapsed_time"] as? Double).map { abs($0 - results.elapsedTime) < 1e-9 } == true)

        let entries = try #require(json["results"] as? [[String: Any]])
        #expect(
            entries.map { $0["unique_id"] as? String } == [
                "model.shop.broken", "model.shop.after_broken", "model.shop.rows",
            ])
        #expect(entries.map { $0["status"] as? String } == ["error", "skipped", "success"])

        let success = entries[2]
        let response = try #require(success["adapter_response"] as? [String: Any])
        #expect(response["_message"] as? String == "SELECT 4211")
        #expect(response["code"] as? String == "SELECT")
        #expect(response["rows_affected"] as? Int == 4211)
        #expect(success["message"] as? String == "SELECT 4211")
        #expect(success["relation_name"] as? String == #""warehouse"."analytics"."rows""#)
        #expect(success["thread_id"] as? String == "Thread-1")
        let timing = try #require(success["timing"] as? [[String: Any]])
        #expect(timing.count == 1)
        #expect(timing.first?["name"] as? String == "execute")
        let started = try #require(timing.first?["started_at"] as? String)
        #expect(started.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#, options: .regularExpression) != nil)
        let executionTime = try #require(success["execution_time"] as? Double)
        #expect(abs(executionTime - (results.result(for: NodeID("model.shop.rows"))?.executionTime ?? -1)) < 1e-9)

        #expect((entries[0]["message"] as? String)?.contains("error 42703") == true)
        #expect((entries[1]["timing"] as? [Any])?.isEmpty == true)
        #expect((entries[1]["adapter_response"] as? [String: Any])?.isEmpty == true)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("target_\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try TargetWriter(targetDirectory: folder).replace("run_results.json", with: data)
        #expect(try Data(contentsOf: folder.appendingPathComponent("run_results.json")) == data)
    }
}
