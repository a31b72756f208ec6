import Foundation
import PostgresClient
import Testing
import WarehouseTesting

/// `state:` and `result:` selectors against a real warehouse: compared with `wh`'s record of the last builds
/// (`wh_meta.node_state`) or with a manifest (`--state DIR`).
@Suite("state selection")
struct StateSelectionTests {
    static let files = [
        "project.yml": "name: shop\nmodels:\n  shop:\n    +materialized: table\n",
        "macros/money.sql": "{% macro money(x) %}round({{ x }}::numeric, 2){% endmacro %}",
        "macros/unused.sql": "{% macro unused() %}1{% endmacro %}",
        "models/a.sql": "select {{ money('1.234') }} as amount",
        "models/b.sql": "select {{ money('2.345') }} as amount",
        "models/c.sql": "select 3 as n",
        "models/d.sql": "select amount from {{ ref('a') }}",
        "models/e.sql": "select n from {{ ref('c') }}",
    ]

    /// The models a `wh run` built, from its progress lines.
    static func built(_ output: CommandRunner.Output) -> Set<String> {
        Set(
            output.standardOutput.split(separator: "\n").compactMap { line in
                guard line.contains(" OK created sql ") else { return nil }
                return line.split(separator: " ").first { $0.hasPrefix("public.") }.map { String($0.dropFirst(7)) }
            })
    }

    static func write(_ text: String, to path: String, in root: URL) throws {
        try Data(text.utf8).write(to: root.appendingPathComponent(path))
    }

    @Test("editing a macro used by two models selects them and their children with state:modified+")
    func macroEditSelectsItsCallers() async throws {
        let database = try await TestDatabase.create()
        let root = try CommandRunner.project(Self.files)
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["WH_DATABASE_URL": database.url]
        let first = await CommandRunner.run(["run", "--project-dir", root.path], environment: environment)
        #expect(first.exitCode == 0, "\(first.standardError)")
        #expect(Self.built(first) == ["a", "b", "c", "d", "e"])

        try Self.write("{% macro money(x) %}round({{ x }}::numeric, 1){% endmacro %}", to: "macros/money.sql", in: root)
        let macros = await CommandRunner.run(
            ["run", "--project-dir", root.path, "--select", "state:modified.macros"], environment: environment)
        #expect(macros.exitCode == 0, "\(macros.standardError)")
        #expect(Self.built(macros) == ["a", "b"])
        // a and b now have the new text on record; d was not selected and still holds what the old a gave. With `+`,
        // the next edit rebuilds d too: its own files did not change, but a's data did.
        try Self.write("{% macro money(x) %}round({{ x }}::numeric, 0){% endmacro %}", to: "macros/money.sql", in: root)
        let widened = await CommandRunner.run(
            ["run", "--project-dir", root.path, "--select", "state:modified+"], environment: environment)
        #expect(widened.exitCode == 0, "\(widened.standardError)")
        #expect(Self.built(widened) == ["a", "b", "d"])
        #expect(try await TestDatabase.rows("select amount::text from public.d", in: database) == [["1"]])

        let unchanged = await CommandRunner.run(
            ["run", "--project-dir", root.path, "--select", "state:modified+"], environment: environment)
        #expect(unchanged.exitCode == 0)
        #expect(Self.built(unchanged).isEmpty)
        #expect(unchanged.standardError.contains("'state:modified+' does not match any enabled nodes"))
    }

    /// The models `wh ls` lists for `selector` (fqn without the project), compared with `--state` when given.
    static func listed(_ selector: String, in root: URL, state: String? = nil, database: String) async -> [String] {
        let output = await CommandRunner.run(
            ["ls", "--project-dir", root.path, "--resource-type", "model", "--select", selector]
                + (state.map { ["--state", $0] } ?? []), environment: ["WH_DATABASE_URL": database])
        return output.standardOutput.split(separator: "\n").map { String($0.dropFirst("shop.".count)) }
    }

    @Test(
        "state:modified.body, .configs, state:new and state:old tell the kinds of change apart, against the record or a manifest"
    )
    func dimensions() async throws {
        let database = try await TestDatabase.create()
        let root = try CommandRunner.project(Self.files)
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["WH_DATABASE_URL": database.url]
        let build = await CommandRunner.run(["run", "--project-dir", root.path], environment: environment)
        #expect(build.exitCode == 0, "\(build.standardError)")
        // Production's manifest, as dbt users keep it for --state.
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("prod"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: root.appendingPathComponent("target/manifest.json"),
            to: root.appendingPathComponent("prod/manifest.json"))

        try Self.write("select 4 as n", to: "models/c.sql", in: root)
        try Self.write(
            "name: shop\nmodels:\n  shop:\n    +materialized: table\n    e:\n      +tags: [nightly]\n",
            to: "project.yml", in: root)
        try Self.write("select 6 as n", to: "models/f.sql", in: root)
        for state in [nil, "prod"] {
            let db = database.url
            #expect(await Self.listed("state:modified.body", in: root, state: state, database: db) == ["c", "f"])
            #expect(await Self.listed("state:modified.configs", in: root, state: state, database: db) == ["e", "f"])
            #expect(await Self.listed("state:modified.macros", in: root, state: state, database: db) == ["f"])
            #expect(await Self.listed("state:new", in: root, state: state, database: db) == ["f"])
            #expect(await Self.listed("state:modified", in: root, state: state, database: db) == ["c", "e", "f"])
            #expect(await Self.listed("state:modified+", in: root, state: state, database: db) == ["c", "e", "f"])
            #expect(
                await Self.listed("state:old,state:unmodified", in: root, state: state, database: db) == [
                    "a", "b", "d",
                ])
        }
    }

    @Test("result:error+ reruns what failed last time and what it skipped")
    func resultSelector() async throws {
        let database = try await TestDatabase.create()
        var files = Self.files
        files["models/g.sql"] = "select 1 / (select count(*) - 1 from {{ ref('c') }}) as broken"
        files["models/h.sql"] = "select * from {{ ref('g') }}"
        let root = try CommandRunner.project(files)
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["WH_DATABASE_URL": database.url]
        let failing = await CommandRunner.run(["run", "--project-dir", root.path], environment: environment)
        #expect(failing.exitCode == 1)
        #expect(failing.standardOutput.contains("SKIP relation public.h"))

        try Self.write("select 1 as fixed", to: "models/g.sql", in: root)
        let retried = await CommandRunner.run(
            ["run", "--project-dir", root.path, "--select", "result:error+"], environment: environment)
        #expect(retried.exitCode == 0, "\(retried.standardError)")
        #expect(Self.built(retried) == ["g", "h"])
        #expect(try await TestDatabase.rows("select fixed::text from public.h", in: database) == [["1"]])
    }

    @Test("a mistyped state, a warehouse with no record and a missing --state folder are errors that say what to do")
    func badInput() async throws {
        let database = try await TestDatabase.create()
        let root = try CommandRunner.project(Self.files)
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["WH_DATABASE_URL": database.url]

        let typo = await CommandRunner.run(
            ["run", "--project-dir", root.path, "--select", "state:modifed+"], environment: environment)
        #expect(typo.exitCode == 1)
        #expect(typo.standardError.contains("--select:1:7: error: unknown state selector 'state:modifed'"))
        #expect(typo.standardError.contains("did you mean 'modified'?"))

        let noRecord = await CommandRunner.run(
            ["run", "--project-dir", root.path, "--select", "state:modified+"], environment: environment)
        #expect(noRecord.exitCode == 1)
        #expect(noRecord.standardError.contains("no node was built in this warehouse yet"))
        #expect(Self.built(noRecord).isEmpty)

        let missing = await CommandRunner.run(
            ["ls", "--project-dir", root.path, "--select", "state:modified", "--state", "nowhere"],
            environment: environment)
        #expect(missing.exitCode == 1)
        #expect(missing.standardError.contains("error: cannot read nowhere/manifest.json: no such file"))

        let noResults = await CommandRunner.run(
            ["ls", "--project-dir", root.path, "--select", "result:error"], environment: environment)
        #expect(noResults.exitCode == 1)
        #expect(noResults.standardError.contains("error: cannot read target/run_results.json"))
    }
}
