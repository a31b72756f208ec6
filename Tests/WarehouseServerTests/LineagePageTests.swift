import Foundation
import Testing
import WarehouseCore
import WarehouseServer

/// The lineage graph and page of a small project whose shape is known: seed -> silver -> gold, and a gold model
/// reading both, with tests whose results come from a hand-written run_results.json.
@Suite struct LineagePageTests {
    static let files = [
        "project.yml": "name: p\nmodels:\n  p:\n    silver: {+schema: silver}\n    gold: {+schema: gold}\n",
        "seeds/raw_orders.csv": "id,amount\n1,10\n",
        "models/silver/orders.sql": "select id, amount from {{ ref('raw_orders') }}",
        "models/gold/revenue.sql":
            "{{ config(materialized='table') }}\nselect sum(amount) as total from {{ ref('orders') }}",
        "models/gold/report.sql":
            "select * from {{ ref('orders') }} cross join {{ ref('revenue') }} cross join {{ ref('calendar') }}",
        "models/gold/calendar.sql": "select current_date as day",
        "models/gold/_gold.yml": """
        version: 2
        models:
          - name: revenue
            description: "Revenue </script><script>alert(1)</script>"
            columns:
              - name: total
                description: The sum.
                data_tests: [not_null, unique]
        """,
        "data_tests/report_not_empty.sql": "select 1 from {{ ref('report') }} where false",
    ]

    static func compiled() async throws -> CompiledProject {
        try await ProjectFixture.compile(files).1
    }

    /// A run_results.json where `not_null` passed and `unique` failed, and the seed and silver model built.
    static func runResults(_ project: CompiledProject) throws -> URL {
        let tests = project.nodes.values.filter { $0.resourceType == .test }
        let notNull = try #require(tests.first { $0.testMetadata?.name == "not_null" }).id.rawValue
        let unique = try #require(tests.first { $0.testMetadata?.name == "unique" }).id.rawValue
        let text = """
            {"metadata": {"generated_at": "2026-12-05T01:00:00.000000Z"}, "args": {"which": "build"},
             "results": [
              {"unique_id": "seed.p.raw_orders", "status": "success", "message": "INSERT 1",
               "timing": [{"completed_at": "2026-12-05T00:59:01.000000Z"}]},
              {"unique_id": "model.p.orders", "status": "success", "message": ""},
              {"unique_id": "\(notNull)", "status": "pass", "message": ""},
              {"unique_id": "\(unique)", "status": "fail", "message": "Got 1 result, configured to fail if != 0"}
             ]}
            """
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("run_results-\(UUID()).json")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func layersFollowTheLongestPathAndTestsBelongToTheirModels() async throws {
        let project = try await Self.compiled()
        let url = try Self.runResults(project)
        defer { try? FileManager.default.removeItem(at: url) }
        let statuses = BuildStatuses.read(
            runResults: url,
            recorded: [NodeID("model.p.report"): .init(status: "success", finishedAt: "2026-12-04T10:00:00Z")])
        let graph = LineageGraph(project: project, statuses: statuses)

        let depths = Dictionary(uniqueKeysWithValues: graph.nodes.map { ($0.name, $0.depth) })
        // calendar has no parents: it sits just before its only child rather than in the first column.
        #expect(depths == ["raw_orders": 0, "orders": 1, "revenue": 2, "calendar": 2, "report": 3])
        let edges = Set(graph.edges.map { "\(graph.nodes[$0.parent].name)->\(graph.nodes[$0.child].name)" })
        #expect(
            edges == ["raw_orders->orders", "orders->revenue", "orders->report", "revenue->report", "calendar->report"])

        let byName = Dictionary(uniqueKeysWithValues: graph.nodes.map { ($0.name, $0) })
        let revenue = try #require(byName["revenue"])
        #expect(revenue.layer == "gold")
        #expect(revenue.materialized == "table")
        #expect(revenue.tests.map(\.kind).sorted() == ["not_null", "unique"])
        #expect(revenue.tests.map { $0.outcome?.status ?? "-" }.sorted() == ["fail", "pass"])
        #expect(revenue.outcome == nil)
        #expect(revenue.sql.contains("sum(amount)") && !revenue.sql.contains("ref("))
        let report = try #require(byName["report"])
        #expect(report.tests.map(\.kind) == ["singular"])
        #expect(report.outcome?.status == "success")
        #expect(report.outcome?.finishedAt == "2026-12-04T10:00:00Z")
        #expect(byName["raw_orders"]?.outcome?.finishedAt == "2026-12-05T00:59:01.000000Z")
        #expect(byName["orders"]?.outcome?.finishedAt == "2026-12-05T01:00:00.000000Z")
        #expect(statuses.lastRun?.command == "build")
    }

    @Test func pageDrawsEveryNodeAndCannotBeBrokenByProjectText() async throws {
        let project = try await Self.compiled()
        let graph = LineageGraph(project: project, statuses: BuildStatuses())
        let page = LineagePage.html(graph, projectName: "p", site: .served)

        #expect(page.components(separatedBy: "<g class=\"node\"").count - 1 == 5)
        #expect(page.components(separatedBy: "<path class=\"edge\"").count - 1 == 5)
        #expect(page.contains("Not built yet"))
        #expect(!page.contains("<script>alert(1)"))
        #expect(page.components(separatedBy: "</script>").count - 1 == 2)

        let start = try #require(page.range(of: "<script type=\"application/json\" id=\"lineage-data\">"))
        let end = try #require(page.range(of: "</script>", range: start.upperBound..<page.endIndex))
        let data = try #require(
            try JSONSerialization.jsonObject(with: Data(page[start.upperBound..<end.lowerBound].utf8))
                as? [[String: Any]])
        #expect(data.count == 5)
        let revenue = try #require(data.first { $0["name"] as? String == "revenue" })
        #expect(revenue["description"] as? String == "Revenue </script><script>alert(1)</script>")
        #expect((revenue["tests"] as? [Any])?.count == 2)
    }

    @Test func missingOrBrokenRunResultsLeaveTheLedgerStatuses() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("absent-\(UUID()).json")
        let recorded = [NodeID("model.p.a"): BuildStatuses.Outcome(status: "success", finishedAt: "t")]
        #expect(BuildStatuses.read(runResults: missing, recorded: recorded).outcomes == recorded)
        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID()).json")
        try Data("{\"results\": 3".utf8).write(to: broken)
        defer { try? FileManager.default.removeItem(at: broken) }
        let statuses = BuildStatuses.read(runResults: broken, recorded: recorded)
        #expect(statuses.outcomes == recorded && statuses.lastRun == nil)
    }

    @Test func emptyProjectGetsAnEmptyState() async throws {
        let (_, project) = try await ProjectFixture.compile(["project.yml": "name: p\n"])
        let page = LineagePage.html(
            LineageGraph(project: project, statuses: BuildStatuses()), projectName: "p", site: .files)
        #expect(page.contains("has no models, seeds or sources yet"))
        #expect(page.contains("href=\"index.html\""))
    }
}
