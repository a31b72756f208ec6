import Foundation
import PostgresClient
import Testing
import WarehouseTesting

/// dbt's `unit_tests:` run by `wh test` and `wh build`, compared with what dbt-core 1.11.16 decided for the same
/// project (`Fixtures/unit_tests/expected.json`, written by `make_goldens.sh`).
@Suite("dbt unit tests")
struct UnitTestCommandTests {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/unit_tests")

    /// A copy of the unit test project, connected through its profiles.yml to `database`.
    private static func project(_ database: ConnectionConfiguration) throws -> (
        root: URL, environment: [String: String]
    ) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wh-unit-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("project"), to: root)
        let url = try #require(URLComponents(string: database.url))
        return (root, ["UNIT_PORT": String(try #require(url.port)), "UNIT_DB": String(url.path.dropFirst())])
    }

    /// Each unit test's status and message from `target/run_results.json`, by test name.
    private static func results(_ root: URL) throws -> [String: (status: String, message: String)] {
        let data = try Data(contentsOf: root.appendingPathComponent("target/run_results.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var results: [String: (String, String)] = [:]
        for case let result as [String: Any] in json["results"] as? [Any] ?? [] {
            guard let id = result["unique_id"] as? String, id.hasPrefix("unit_test.") else { continue }
            let name = String(id.split(separator: ".").last ?? "")
            results[name] = (result["status"] as? String ?? "", result["message"] as? String ?? "")
        }
        return results
    }

    /// The differing rows of a diff, dbt's (daff: `+++`, `---`, and `→` for a changed row, `expected→actual`) or
    /// `wh`'s (`+++`, `---`), as "actual: 1,Ada,5" and "expected: ..." lines with numbers normalized, sorted.
    static func differingRows(_ message: String) -> [String] {
        func normalized(_ value: String) -> String {
            var text = value.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("Decimal('"), text.hasSuffix("')") { text = String(text.dropFirst(9).dropLast(2)) }
            if let number = Double(text) { return String(number) }
            return text
        }
        var rows: [String] = []
        for line in message.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard let marker = fields.first?.trimmingCharacters(in: .whitespaces), fields.count > 1 else { continue }
            let values = fields.dropFirst()
            switch marker {
            case "+++": rows.append("actual: " + values.map(normalized).joined(separator: ","))
            case "---": rows.append("expected: " + values.map(normalized).joined(separator: ","))
            case "→":
                let pairs = values.map { $0.components(separatedBy: "→") }
                rows.append("expected: " + pairs.map { normalized($0[0]) }.joined(separator: ","))
                rows.append("actual: " + pairs.map { normalized($0.last ?? "") }.joined(separator: ","))
            default: continue
            }
        }
        return rows.sorted()
    }

    @Test("every input format, fixtures and overrides pass and fail as in dbt, with the same differing rows")
    func matchesDbt() async throws {
        let database = try await TestDatabase.create()
        let (root, environment) = try Self.project(database)
        defer { try? FileManager.default.removeItem(at: root) }
        let project = ["--project-dir", root.path]
        #expect(await CommandRunner.run(["seed"] + project, environment: environment).exitCode == 0)
        #expect(await CommandRunner.run(["run"] + project, environment: environment).exitCode == 0)
        let test = await CommandRunner.run(
            ["test", "--select", "test_type:unit"] + project, environment: environment)
        #expect(test.exitCode == 1)

        let goldens = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: Self.fixtures.appendingPathComponent("expected.json")))
                as? [String: [String: String]])
        let results = try Self.results(root)
        #expect(Set(results.keys) == Set(goldens.keys))
        for (name, golden) in goldens {
            let result = try #require(results[name], "\(name)")
            #expect(result.status == golden["status"], "\(name)")
            #expect(Self.differingRows(result.message) == Self.differingRows(golden["message"] ?? ""), "\(name)")
        }
        #expect(Self.differingRows(goldens["totals_csv_fail"]?["message"] ?? "").count == 3)
        #expect(
            test.standardError.contains("@@ ,customer_id,name,total\n  +++,1,Ada,5\n  ---,1,Ada,6\n  ---,2,Grace,0"))
    }

    @Test("wh build runs a model's unit tests after its inputs and before it, and skips the model when one fails")
    func buildSkipsAModelWhoseUnitTestFails() async throws {
        let database = try await TestDatabase.create()
        let (root, environment) = try Self.project(database)
        defer { try? FileManager.default.removeItem(at: root) }
        let build = await CommandRunner.run(["build", "--project-dir", root.path], environment: environment)
        #expect(build.exitCode == 1)
        let lines = build.standardOutput.split(separator: "\n").map(String.init)
        func index(_ text: String) -> Int? { lines.firstIndex { $0.contains(text) } }
        let stagingBuilt = try #require(index("OK created sql view model public.stg_orders"))
        let unitTestRan = try #require(index("PASS totals_dict_pass"))
        #expect(stagingBuilt < unitTestRan)
        #expect(index("SKIP relation public.customer_totals") != nil)
        // incr_orders's own unit test reads `this`, which this first build has not made yet: it fails saying so.
        #expect(build.standardError.contains("the input this has no relation public.incr_orders"))
        #expect(
            try await TestDatabase.rows("select to_regclass('public.customer_totals')::text", in: database) == [[nil]])
    }

    @Test("a unit test naming a missing input, model or fixture, or a malformed fixture, is a located error")
    func badUnitTestsAreLocated() async throws {
        let database = try await TestDatabase.create()
        let (root, environment) = try Self.project(database)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data(
            """
            version: 2
            unit_tests:
              - name: missing_input
                model: customer_totals
                given:
                  - input: ref('raw_customerz')
                    rows: []
                  - input: ref('stg_orders')
                    rows: []
                expect: {rows: []}
              - name: missing_model
                model: customer_total
                given: []
                expect: {rows: []}
              - name: bad_fixture
                model: stg_orders
                given:
                  - input: ref('raw_orders')
                    format: csv
                    fixture: ragged
                expect: {rows: []}
            """.utf8
        ).write(to: root.appendingPathComponent("models/unit_tests.yml"))
        try Data("order_id,amount\n1,2,3\n".utf8).write(to: root.appendingPathComponent("tests/fixtures/ragged.csv"))
        let compile = await CommandRunner.run(["compile", "--project-dir", root.path], environment: environment)
        #expect(compile.exitCode == 1)
        let errors = compile.standardError.split(separator: "\n").filter { $0.contains(": error: ") }.map(String.init)
        let expected: [String] = [
            "models/unit_tests.yml:3:11: error: unit test 'missing_input' gives no input for ref('raw_customers'), "
                + "which model 'customer_totals' reads",
            "models/unit_tests.yml:6:16: error: unit test 'missing_input' has an input ref('raw_customerz') that is not "
                + "in the project: unknown model or seed 'raw_customerz' in ref()",
            "models/unit_tests.yml:11:11: error: unit test 'missing_model' tests model 'customer_total', but no model "
                + "has that name",
            "tests/fixtures/ragged.csv:1:1: error: fixture tests/fixtures/ragged.csv is not CSV with a header line and "
                + "rows of as many values",
        ]
        #expect(errors == expected, "\(compile.standardError)")
        #expect(compile.standardError.contains("help: did you mean 'raw_customers'?"))
        #expect(compile.standardError.contains("help: did you mean 'customer_totals'?"))
    }
}
