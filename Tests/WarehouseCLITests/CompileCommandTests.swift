import Foundation
import Testing

@Suite struct CompileCommandTests {
    private let files = [
        "models/staging/stg_orders.sql": "select 1 as order_id, 10 as amount",
        "models/marts/orders.sql":
            "{{ config(materialized='table', tags=['finance']) }}select * from {{ ref('stg_orders') }}",
        "models/marts/report.sql": "select count(*) from {{ ref('orders') }}",
    ]

    @Test func compileWritesCompiledSQLAndAManifest() async throws {
        let root = try CommandRunner.project(files)
        let result = await CommandRunner.run(["compile", "--project-dir", root.path], environment: [:])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.hasPrefix("Compiled 3 models"))
        let compiled = try String(
            contentsOf: root.appendingPathComponent("target/compiled/shop/models/marts/orders.sql"), encoding: .utf8)
        // The embedded Postgres's database, which a run with nothing configured uses.
        #expect(compiled == #"select * from "wh"."public"."stg_orders""#)
        let manifest = try JSONSerialization.jsonObject(
            with: Data(contentsOf: root.appendingPathComponent("target/manifest.json")))
        let nodes = try #require((manifest as? [String: Any])?["nodes"] as? [String: [String: Any]])
        #expect(Set(nodes.keys) == ["model.shop.stg_orders", "model.shop.orders", "model.shop.report"])
    }

    @Test func selectionLimitsWhatIsWrittenAndListed() async throws {
        let root = try CommandRunner.project(files)
        let listed = await CommandRunner.run(["ls", "--project-dir", root.path, "--select", "+orders"])
        #expect(listed.exitCode == 0)
        #expect(listed.standardOutput == "shop.marts.orders\nshop.staging.stg_orders")
        let tagged = await CommandRunner.run([
            "ls", "--project-dir", root.path, "-s", "tag:finance+", "--output", "path",
        ])
        #expect(tagged.standardOutput == "models/marts/orders.sql\nmodels/marts/report.sql")
        let excluded = await CommandRunner.run([
            "ls", "--project-dir", root.path, "--select", "path:models/marts", "--exclude", "report",
        ])
        #expect(excluded.standardOutput == "shop.marts.orders")
    }

    @Test func listAsJSONLinesForScripts() async throws {
        let root = try CommandRunner.project(files)
        let result = await CommandRunner.run(
            ["ls", "--project-dir", root.path, "-s", "orders", "--output", "json"], environment: [:])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(object["unique_id"] as? String == "model.shop.orders")
        #expect(object["materialized"] as? String == "table")
        #expect(object["depends_on"] as? [String] == ["model.shop.stg_orders"])
        #expect(object["relation_name"] as? String == #""wh"."public"."orders""#)
    }

    /// An undefined name renders as empty text as in dbt, with a located warning; `--strict` makes it an error.
    @Test func undefinedNameWarnsAndStrictFails() async throws {
        let root = try CommandRunner.project(
            files.merging(["models/marts/report.sql": "{% set limit_rows = 5 %}select 1 limit {{ limit_row }}"]) { $1 })
        let lenient = await CommandRunner.run(["compile", "--project-dir", root.path], environment: [:])
        #expect(lenient.exitCode == 0)
        #expect(
            lenient.standardError.contains(
                "models/marts/report.sql:1:43: warning: 'limit_row' is undefined and renders as ''"))
        #expect(lenient.standardError.contains("help: did you mean 'limit_rows'?"))
        let strict = await CommandRunner.run(["compile", "--project-dir", root.path, "--strict"], environment: [:])
        #expect(strict.exitCode == 1)
        #expect(strict.standardError.contains("models/marts/report.sql:1:43: error: 'limit_row' is undefined"))
    }

    @Test func brokenModelExitsOneWithLocatedMessageAndNoStackTrace() async throws {
        let root = try CommandRunner.project(
            files.merging(["models/marts/report.sql": "select {{ ref('ordrs') }}"]) { $1 })
        let result = await CommandRunner.run(["compile", "--project-dir", root.path])
        #expect(result.exitCode == 1)
        #expect(
            result.standardError.contains("models/marts/report.sql:1:11: error: unknown model or seed 'ordrs' in ref()")
        )
        #expect(result.standardError.contains("help: did you mean 'orders'?"))
    }

    @Test("compile with one broken model writes the others and their manifest, lists the broken one, exits 1")
    func brokenModelLeavesTheOthersCompiled() async throws {
        let root = try CommandRunner.project(
            files.merging([
                "models/marts/report.sql": "select {{ ref('ordrs') }}",
                "models/marts/ephemeral_bad.sql": "{{ config(materialized='ephemeral') }}select {{ nope() }}",
                "models/marts/uses_ephemeral.sql": "select * from {{ ref('ephemeral_bad') }}",
            ]) { $1 })
        defer { try? FileManager.default.removeItem(at: root) }
        let result = await CommandRunner.run(["compile", "--project-dir", root.path], environment: [:])
        #expect(result.exitCode == 1)
        #expect(result.standardOutput.hasPrefix("Compiled 2 models in "))
        #expect(
            result.standardError.hasSuffix(
                "not compiled: models/marts/ephemeral_bad.sql, models/marts/report.sql, "
                    + "models/marts/uses_ephemeral.sql (the other nodes were written)"))
        #expect(result.standardError.contains("models/marts/report.sql:1:11: error: unknown model or seed 'ordrs'"))
        #expect(
            result.standardError.contains(
                "models/marts/uses_ephemeral.sql:1:1: error: uses_ephemeral inlines the ephemeral model "
                    + "model.shop.ephemeral_bad, which does not compile"))
        let compiled = root.appendingPathComponent("target/compiled/shop/models")
        #expect(
            try String(contentsOf: compiled.appendingPathComponent("marts/orders.sql"), encoding: .utf8)
                == #"select * from "wh"."public"."stg_orders""#)
        #expect(!FileManager.default.fileExists(atPath: compiled.appendingPathComponent("marts/report.sql").path))
        let manifest = try JSONSerialization.jsonObject(
            with: Data(contentsOf: root.appendingPathComponent("target/manifest.json")))
        let nodes = try #require((manifest as? [String: Any])?["nodes"] as? [String: [String: Any]])
        #expect(Set(nodes.keys) == ["model.shop.stg_orders", "model.shop.orders"])
    }

    @Test("a broken model or macro file that every node may need still fails the whole compile")
    func brokenMacroFileFailsEverything() async throws {
        let root = try CommandRunner.project(
            files.merging(["macros/bad.sql": "{% macro m() %}{{ 1 + }}{% endmacro %}"]) { $1 })
        defer { try? FileManager.default.removeItem(at: root) }
        let result = await CommandRunner.run(["compile", "--project-dir", root.path], environment: [:])
        #expect(result.exitCode == 1)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains("macros/bad.sql:1:"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("target/manifest.json").path))
    }

    @Test("compile qualifies relations with the configured database's name, without connecting to it")
    func compileUsesTheConfiguredDatabaseName() async throws {
        let root = try CommandRunner.project(files)
        let environment = ["WH_DATABASE_URL": "postgresql://bob@127.0.0.1:1/analytics"]
        let result = await CommandRunner.run(["compile", "--project-dir", root.path], environment: environment)
        #expect(result.exitCode == 0, "\(result.standardError)")
        let compiled = try String(
            contentsOf: root.appendingPathComponent("target/compiled/shop/models/marts/orders.sql"), encoding: .utf8)
        #expect(compiled == #"select * from "analytics"."public"."stg_orders""#)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(".wh").path))
    }

    @Test("a selection term that matches nothing warns with did-you-mean, for compile and ls alike")
    func unmatchedSelectionWarns() async throws {
        let root = try CommandRunner.project(files)
        let warning = """
            --select:1:8: warning: the selection criterion '+ordrs' does not match any enabled nodes
                report +ordrs
                       ^
              help: did you mean 'orders'?
            """
        for command in ["compile", "ls"] {
            let result = await CommandRunner.run(
                [command, "--project-dir", root.path, "--select", "report +ordrs"], environment: [:])
            #expect(result.exitCode == 0, "wh \(command)")
            #expect(result.standardError == warning, "wh \(command)")
        }
        let listed = await CommandRunner.run(["ls", "--project-dir", root.path, "-s", "tag:nope"], environment: [:])
        #expect(listed.standardOutput.isEmpty)
        #expect(
            listed.standardError == """
                --select:1:1: warning: the selection criterion 'tag:nope' does not match any enabled nodes
                    tag:nope
                    ^
                """)
    }

    @Test func badSelectorAndMissingProjectAreUserErrors() async throws {
        let root = try CommandRunner.project(files)
        let selector = await CommandRunner.run(["ls", "--project-dir", root.path, "--select", "colour:red"])
        #expect(selector.exitCode == 1)
        #expect(selector.standardError.contains("--select:1:1"))
        let missing = await CommandRunner.run(["parse", "--project-dir", root.appendingPathComponent("nope").path])
        #expect(missing.exitCode == 1)
        #expect(!missing.standardError.isEmpty)
        let unknownOption = await CommandRunner.run(["compile", "--frobnicate"])
        #expect(unknownOption.exitCode == 1)
    }

    @Test func parseValidatesWithoutWriting() async throws {
        let root = try CommandRunner.project(files)
        let result = await CommandRunner.run(["parse", "--project-dir", root.path])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput == "OK: 3 nodes, 0 macros in shop")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("target").path))
    }

    @Test func varsOnTheCommandLineReachTemplates() async throws {
        let root = try CommandRunner.project(["models/a.sql": "select {{ var('n') }} as n"])
        let result = await CommandRunner.run(["compile", "--project-dir", root.path, "--vars", "{n: 42}"])
        #expect(result.exitCode == 0)
        let compiled = try String(
            contentsOf: root.appendingPathComponent("target/compiled/shop/models/a.sql"), encoding: .utf8)
        #expect(compiled == "select 42 as n")
        let malformed = await CommandRunner.run(["compile", "--project-dir", root.path, "--vars", "{n: [1"])
        #expect(malformed.exitCode == 1)
        #expect(malformed.standardError.contains("--vars"))
    }
}
