import Foundation
import PostgresClient
import Testing
import WarehouseTesting

/// `wh run --select` of good models while another model does not compile.
@Suite("runs beside a broken model")
struct PartialRunTests {
    @Test("a selection without the broken model runs, warning about it; a selection with it fails before running")
    func selectionAroundABrokenModel() async throws {
        let database = try await TestDatabase.create()
        let root = try CommandRunner.project([
            "models/good.sql": "select 1 as id",
            "models/child.sql": "select * from {{ ref('good') }}",
            "models/broken.sql": "select {{ ref('nope') }}",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["WH_DATABASE_URL": database.url]

        let good = await CommandRunner.run(
            ["run", "--project-dir", root.path, "--select", "good+"], environment: environment)
        #expect(good.exitCode == 0, "\(good.standardError)")
        #expect(good.standardOutput.hasSuffix("Done. PASS=2 WARN=0 ERROR=0 SKIP=0 TOTAL=2"))
        #expect(
            good.standardError == """
                models/broken.sql:1:11: warning: unknown model or seed 'nope' in ref()
                    select {{ ref('nope') }}
                              ^
                  help: add models/nope.sql or fix the name

                warning: 1 node outside what this command runs did not compile (above); running the rest
                """)

        let seed = await CommandRunner.run(["seed", "--project-dir", root.path], environment: environment)
        #expect(seed.exitCode == 0, "\(seed.standardError)")
        #expect(
            seed.standardError.hasSuffix("outside what this command runs did not compile (above); running the rest"))

        for selection in [[], ["--select", "broken"]] {
            let all = await CommandRunner.run(
                ["run", "--project-dir", root.path] + selection, environment: environment)
            #expect(all.exitCode == 1)
            #expect(all.standardError.hasPrefix("models/broken.sql:1:11: error: unknown model or seed 'nope' in ref()"))
            #expect(!all.standardOutput.contains("START"))
        }
    }

    @Test("a selection that matches nothing warns with did-you-mean for run, test, build and seed")
    func unmatchedSelection() async throws {
        let database = try await TestDatabase.create()
        let root = try CommandRunner.project(["models/fact_orders.sql": "select 1 as id"])
        defer { try? FileManager.default.removeItem(at: root) }
        for command in ["run", "test", "build", "seed"] {
            let result = await CommandRunner.run(
                [command, "--project-dir", root.path, "--select", "fact_ordrs"],
                environment: ["WH_DATABASE_URL": database.url])
            #expect(result.exitCode == 0, "wh \(command): \(result.standardError)")
            #expect(
                result.standardError == """
                    --select:1:1: warning: the selection criterion 'fact_ordrs' does not match any enabled nodes
                        fact_ordrs
                        ^
                      help: did you mean 'fact_orders'?
                    """, "wh \(command)")
        }
    }
}
