import Foundation
import SQLTemplate
import Testing
import WarehouseCore

/// dbt's global macros (`dbt.dateadd`, `type_string`, `split_part`, ...) render as dbt-postgres renders them.
///
/// Byte for byte as dbt-core 1.11.16 with dbt-postgres 1.11.0, and refusing what dbt refuses. The goldens in
/// Fixtures/global_macros were made by `render_with_dbt.py` there, from the calls in `calls.txt`.
@Suite struct GlobalMacroGoldenTests {
    struct Golden: Decodable {
        var call: String
        var sql: String?
        var error: String?
    }

    static func goldens() throws -> [Golden] {
        let fixtures = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let data = try Data(contentsOf: fixtures.appendingPathComponent("global_macros/dbt_rendered.json"))
        return try JSONDecoder().decode([Golden].self, from: data)
    }

    /// Each call in a model of its own, between markers, as the script renders it with dbt.
    @Test func everyCallRendersAsDbtRendersIt() async throws {
        let goldens = try Self.goldens()
        #expect(goldens.count >= 80)
        let paths = goldens.indices.map { String(format: "models/call_%03d.sql", $0) }
        let project = try TemporaryProject.named(
            Dictionary(uniqueKeysWithValues: zip(paths, goldens.map { "<<<{{ \($0.call) }}>>>" })))
        var compiled: CompiledProject?
        var problems: [CompileError.Problem] = []
        do {
            compiled = try await project.compile()
        } catch let error as CompileError {
            compiled = error.partial?.project
            problems = error.problems
        }
        let rendered = Dictionary(
            uniqueKeysWithValues: (compiled?.nodes.values.map { ($0.path, $0.compiledCode) }) ?? [])
        for (path, golden) in zip(paths, goldens) {
            let failures = problems.filter { ([$0.diagnostic.location] + $0.callStack).contains { $0.path == path } }
            if let sql = golden.sql {
                #expect(rendered[path] == "<<<\(sql)>>>", "\(golden.call)")
                #expect(failures.isEmpty, "\(golden.call): \(failures)")
            } else {
                // dbt prefixes the message of a NotImplementedError (default__current_timestamp) with "ERROR: ".
                let expected = try #require(golden.error).replacingOccurrences(of: "ERROR: ", with: "")
                #expect(rendered[path] == nil, "\(golden.call) should fail")
                #expect(
                    failures.contains { $0.diagnostic.message.contains(expected) },
                    "\(golden.call): expected '\(expected)', got \(failures)")
            }
        }
    }
}
