import Foundation
import SQLTemplate
import Testing
import WarehouseCore

/// A compile reaches no database: a node whose template queries it is kept for rendering when it runs, with the
/// nodes inlining it, and nothing else changes.
@Suite struct DeferredRenderingTests {
    private func model(_ name: String) -> NodeID { NodeID(.model, package: "p", name: name) }

    @Test func nodesThatQueryRenderWhenTheyRunWithTheirEphemeralConsumers() async throws {
        let project = try TemporaryProject.named([
            "models/base.sql": "select 1 as id",
            "models/guarded.sql": """
            {% set n = run_query('select 1').rows[0][0] if execute else 0 %}select {{ n }} as n
            """,
            "models/eph.sql": """
            {{ config(materialized='ephemeral') }}
            select {{ adapter.get_columns_in_relation(ref('base')) | length }} as n
            """,
            "models/inlines.sql": "select * from {{ ref('eph') }}",
            "models/plain.sql":
                "select * from {{ ref('base') }} -- {{ adapter.type() }} {{ api.Column('x', 'text').data_type }}",
        ])
        let compiled = try await project.compile()
        let deferred = compiled.deferredRendering?.nodeIDs ?? []
        #expect(deferred == [model("guarded"), model("eph"), model("inlines")])
        for id in deferred {
            #expect(compiled.nodes[id]?.rendersWithDatabase == true)
            #expect(compiled.nodes[id]?.compiledCode == "")
        }
        #expect(compiled.nodes[model("plain")]?.rendersWithDatabase == false)
        #expect(
            compiled.nodes[model("plain")]?.compiledCode
                == #"select * from "warehouse"."public"."base" -- postgres text"#)
        // Their parents are known from the syntax tree all the same.
        #expect(compiled.nodes[model("eph")]?.dependsOn == [model("base")])
    }

    @Test func executeIsFalseWhileConfigurationIsRendered() async throws {
        let project = try TemporaryProject.named([
            "models/a.sql": "{{ config(alias='a_' ~ execute) }}select {{ execute }} as rendered_with"
        ])
        let compiled = try await project.compile()
        #expect(compiled.nodes[model("a")]?.relation?.identifier == "a_False")
        #expect(compiled.nodes[model("a")]?.compiledCode == "select True as rendered_with")
    }
}
