import SQLTemplate
import Testing
import WarehouseCore

/// How a microbatch model's inputs compile: filtered to the batch as dbt renders them, with placeholders the engine
/// fills per batch.
@Suite("microbatch compile")
struct MicrobatchCompileTests {
    static let start = MicrobatchWindow.startPlaceholder
    static let end = MicrobatchWindow.endPlaceholder

    static func model(_ name: String) -> NodeID { NodeID(.model, package: "p", name: name) }

    @Test("refs and sources with event_time are filtered; .render(), other inputs and other models are not")
    func filteredInputs() async throws {
        let microbatch =
            "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='ts') }}"
        let project = try TemporaryProject.named([
            "models/orders.sql": "{{ config(event_time='ordered_at') }}select 1 as id",
            "models/customers.sql": "select 1 as id",
            "models/daily.sql": microbatch + """
                select * from {{ ref('orders') }} join {{ ref('customers') }} using (id)
                join {{ source('raw', 'events') }} using (id) join {{ ref('orders').render() }} using (id)
                -- {{ model.batch.event_time_start }} {{ model.batch.event_time_end }}
                """,
            "models/plain.sql": "select * from {{ ref('orders') }} -- {{ model.batch is none }}",
            "models/sources.yml": """
            sources:
              - name: raw
                tables:
                  - name: events
                    config: {event_time: happened_at}
            """,
        ])
        let compiled = try await project.compile(options: CompileOptions(database: "d", environment: [:]))
        let orders = #""d"."public"."orders""#
        let events = #""d"."raw"."events""#
        #expect(
            compiled.nodes[Self.model("daily")]?.compiledCode == """
                select * from (select * from \(orders) where ordered_at >= '\(Self.start)' and ordered_at < '\(Self.end)') \
                _dbt_et_filter_subq_orders join "d"."public"."customers" using (id)
                join (select * from \(events) where happened_at >= '\(Self.start)' and happened_at < '\(Self.end)') \
                _dbt_et_filter_subq_events using (id) join \(orders) using (id)
                -- \(Self.start) \(Self.end)
                """)
        #expect(compiled.nodes[Self.model("plain")]?.compiledCode == "select * from \(orders) -- True")
        #expect(compiled.warnings.isEmpty, "\(compiled.warnings)")
        #expect(
            MicrobatchWindow.bind("x >= '\(Self.start)' and x < '\(Self.end)'", start: "a", end: "b")
                == "x >= 'a' and x < 'b'")
    }

    @Test("a microbatch model that reads no input with event_time is warned about, as dbt does")
    func unfilteredWarning() async throws {
        let project = try TemporaryProject.named([
            "models/m.sql":
                "{{ config(materialized='incremental', incremental_strategy='microbatch') }}select * from {{ ref('a') }}",
            "models/a.sql": "select 1 as id",
        ])
        let warnings = try await project.compile().warnings
        #expect(warnings.map(\.location.path) == ["models/m.sql"])
        #expect(warnings.first?.message.contains("reads no ref() or source() with an 'event_time' config") == true)
    }
}
