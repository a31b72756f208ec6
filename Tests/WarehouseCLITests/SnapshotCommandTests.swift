import Foundation
import PostgresClient
import Testing
import WarehouseTesting

/// Snapshots through the command line: where they come from, how they are listed and selected, and what a
/// broken one says.
@Suite("wh snapshot")
struct SnapshotCommandTests {
    static let block = """
        {% snapshot people_history %}
        {{ config(unique_key='id', strategy='timestamp', updated_at='updated_at') }}
        select * from public.people
        {% endsnapshot %}
        """

    @Test("a block and a YAML snapshot are listed as snapshots, in the manifest, and selected by wh snapshot")
    func listedAndSelected() async throws {
        let database = try await TestDatabase.create()
        _ = try await TestDatabase.rows(
            "create table public.people as select 1 as id, 'ann' as name, timestamp '2024-01-01' as updated_at",
            in: database)
        let root = try CommandRunner.project([
            "snapshots/people.sql": Self.block,
            "snapshots/_snapshots.yml": """
            version: 2
            snapshots:
              - name: people_names
                relation: ref('current_people')
                config: {unique_key: id, strategy: check, check_cols: [name], target_schema: history}
              - name: people_history
                description: Every version of a person.
            """,
            "models/current_people.sql": "select id, name from {{ ref('people_history') }} where dbt_valid_to is null",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["WH_DATABASE_URL": database.url]
        let listed = await CommandRunner.run(
            ["ls", "--project-dir", root.path, "--resource-type", "snapshot"], environment: environment)
        #expect(listed.standardOutput == "shop.people.people_history\nshop.people_names", "\(listed.standardError)")
        let compiled = await CommandRunner.run(["compile", "--project-dir", root.path], environment: environment)
        #expect(compiled.exitCode == 0, "\(compiled.standardError)")
        let manifest = try String(contentsOf: root.appendingPathComponent("target/manifest.json"), encoding: .utf8)
        #expect(manifest.contains(#""snapshot.shop.people_history""#))
        #expect(manifest.contains(#""description":"Every version of a person.""#))

        let one = await CommandRunner.run(
            ["snapshot", "--project-dir", root.path, "--select", "people_history"], environment: environment)
        #expect(one.exitCode == 0, "\(one.standardError)")
        #expect(one.standardOutput.contains("PASS=1 WARN=0 ERROR=0 SKIP=0 TOTAL=1"))
        let all = await CommandRunner.run(["build", "--project-dir", root.path], environment: environment)
        #expect(all.exitCode == 0, "\(all.standardError)")
        #expect(try await TestDatabase.rows("select name from public.current_people", in: database) == [["ann"]])
        #expect(try await TestDatabase.rows("select name from history.people_names", in: database) == [["ann"]])
    }

    @Test("a snapshot without unique_key or strategy, or with a broken block, is a compile error at its line")
    func badInput() async throws {
        let root = try CommandRunner.project([
            "snapshots/no_key.sql": """
            -- a comment line
            {% snapshot no_key %}
            {{ config(strategy='timestamp', updated_at='updated_at') }}
            select 1 as id
            {% endsnapshot %}
            """,
            "snapshots/unclosed.sql": "{% snapshot unclosed %}\nselect 1 as id\n",
            "snapshots/_snapshots.yml": """
            version: 2
            snapshots:
              - name: no_strategy
                relation: source('raw', 'people')
                config: {unique_key: id}
              - name: no_such_snapshot
                config: {unique_key: id}
            """,
            "models/_sources.yml": "version: 2\nsources:\n  - name: raw\n    tables: [{name: people}]\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let result = await CommandRunner.run(["compile", "--project-dir", root.path])
        #expect(result.exitCode == 1)
        let errors = result.standardError
        #expect(errors.contains("snapshots/unclosed.sql:1:1: error: snapshot block 'unclosed' is never closed"))
        #expect(
            errors.contains(
                "snapshots/_snapshots.yml:6:11: error: property file describes snapshot 'no_such_snapshot', but no "
                    + "snapshot has that name"))
        // Loading problems stop before compiling; fixed, the configuration problems are next.
        try FileManager.default.removeItem(at: root.appendingPathComponent("snapshots/unclosed.sql"))
        try Data(
            """
            version: 2
            snapshots:
              - name: no_strategy
                relation: source('raw', 'people')
                config: {unique_key: id}
            """.utf8
        ).write(to: root.appendingPathComponent("snapshots/_snapshots.yml"))
        let compiled = await CommandRunner.run(["compile", "--project-dir", root.path])
        #expect(compiled.exitCode == 1)
        #expect(
            compiled.standardError.contains(
                "snapshots/no_key.sql:2:1: error: snapshot 'no_key': the snapshot has no unique_key"))
        #expect(
            compiled.standardError.contains(
                "snapshots/_snapshots.yml:3:11: error: snapshot 'no_strategy': the snapshot has no strategy"))
        #expect(compiled.standardError.contains("help: write strategy='timestamp' with updated_at='<column>'"))
    }
}
