import Foundation
import SQLTemplate
import Testing
import WarehouseCore

/// Snapshots as the loader and compiler see them: blocks, YAML definitions, naming, and what is refused.
@Suite("snapshot loading")
struct SnapshotLoadingTests {
    @Test("two blocks of one file, with whitespace control and a comment holding a fake tag, are two snapshots")
    func blocksOfOneFile() async throws {
        let project = try TemporaryProject.named([
            "models/people.sql": "select 1 as id, now() as updated_at",
            "snapshots/history.sql": """
            {# {% snapshot not_a_snapshot %} #}
            {%- snapshot first -%}
            {{ config(unique_key='id', strategy='timestamp', updated_at='updated_at', target_schema='history') }}
            select * from {{ ref('people') }}
            {%- endsnapshot %}

            {%snapshot second%}
            {{ config(unique_key=['id', 'updated_at'], strategy='check', check_cols='all', schema='audit') }}
            select * from {{ ref('first') }} where dbt_valid_to is null
            {% endsnapshot %}
            """,
        ])
        let compiled = try await project.compile()
        let first = try #require(compiled.nodes[NodeID("snapshot.p.first")])
        let second = try #require(compiled.nodes[NodeID("snapshot.p.second")])
        #expect(compiled.nodes[NodeID("snapshot.p.not_a_snapshot")] == nil)
        #expect(first.relation?.schema == "history")
        #expect(second.relation?.schema == "public_audit")
        #expect(first.dependsOn == [NodeID("model.p.people")])
        #expect(second.dependsOn == [NodeID("snapshot.p.first")])
        #expect(first.location == SourceLocation(path: "snapshots/history.sql", line: 2, column: 1))
        #expect(first.fqn == ["p", "history", "first"])
        #expect(compiled.compiledPath(of: second) == "compiled/p/snapshots/second.sql")
        #expect(second.compiledCode.contains("where dbt_valid_to is null"))
    }

    @Test("an error in a block's SQL is reported at the file's own line and column")
    func positionsAreTheFiles() async throws {
        let project = try TemporaryProject.named([
            "snapshots/s.sql": """
            -- line 1
            {% snapshot s %}
            {{ config(unique_key='id', strategy='check', check_cols='all') }}
            select * from {{ ref('missing') }}
            {% endsnapshot %}
            """
        ])
        let problems = try await project.problems()
        #expect(problems.map(\.diagnostic.location) == [SourceLocation(path: "snapshots/s.sql", line: 4, column: 18)])
    }

    @Test("bad blocks and configurations are refused at their place, each with a fix")
    func refused() async throws {
        let blocks = try TemporaryProject.named([
            "snapshots/a.sql": "{% snapshot %}select 1{% endsnapshot %}",
            "snapshots/b.sql": "{% snapshot b %}{% snapshot c %}select 1{% endsnapshot %}",
            "snapshots/c.sql": "select 1",
            "snapshots/d.sql": "{% endsnapshot %}",
        ])
        do {
            _ = try await blocks.compile()
            Issue.record("compiled")
        } catch let error as ProjectError {
            let messages = error.diagnostics.map {
                "\($0.location.path):\($0.location.line):\($0.location.column) \($0.message)"
            }
            #expect(
                messages == [
                    "snapshots/a.sql:1:1 a snapshot block needs one name: '{% snapshot name %}'",
                    "snapshots/b.sql:1:17 a snapshot block cannot hold another one",
                    "snapshots/c.sql:1:1 a file in the snapshot paths holds no '{% snapshot %}' block",
                    "snapshots/d.sql:1:1 unexpected '{% endsnapshot %}'",
                ])
        }

        let configs = try TemporaryProject.named([
            "snapshots/s.yml": """
            version: 2
            snapshots:
              - name: no_updated_at
                relation: source('raw', 't')
                config: {unique_key: id, strategy: timestamp}
              - name: both_deletes
                relation: source('raw', 't')
                config: {unique_key: id, strategy: check, check_cols: all, hard_deletes: invalidate,
                         invalidate_hard_deletes: true}
              - name: odd_meta
                relation: source('raw', 't')
                config: {unique_key: id, strategy: check, check_cols: all,
                         snapshot_meta_column_names: {dbt_valid_form: since}}
            """,
            "models/sources.yml": "version: 2\nsources:\n  - name: raw\n    tables: [{name: t}]\n",
        ])
        let problems = try await configs.problems().map(\.diagnostic)
        #expect(
            problems.map { "\($0.location.line) \($0.message)" } == [
                "3 snapshot 'no_updated_at': the timestamp strategy needs updated_at",
                "6 snapshot 'both_deletes': both hard_deletes and invalidate_hard_deletes are set",
                "10 snapshot 'odd_meta': snapshot_meta_column_names has no column 'dbt_valid_form'",
            ])
        #expect(problems.last?.help == "did you mean 'dbt_valid_from'?")
    }
}
