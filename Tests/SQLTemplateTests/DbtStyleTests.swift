import SQLTemplate
import Testing

/// A relation as dbt's `ref()` returns it: prints as a quoted three-part name.
final class Relation: TemplateObject {
    let name: String

    init(name: String) {
        self.name = name
    }

    func attribute(_ attributeName: String) -> Value? {
        switch attributeName {
        case "name", "identifier": .string(name)
        case "schema": .string("analytics")
        default: nil
        }
    }

    var renderedString: String { "\"db\".\"analytics\".\"\(name)\"" }
}

@Suite("A dbt-style project renders as with dbt")
struct DbtStyleTests {
    static let macros = """
        {% macro cents_to_dollars(col, scale=2) %}
            ({{ col }} / 100)::numeric(16, {{ scale }})
        {%- endmacro %}

        """

    static let model = """
        {{ config(materialized='incremental', unique_key='order_id', tags=['finance']) }}
        {% set methods = ['credit_card', 'coupon'] %}
        select
            o.order_id,
            {% for m in methods -%}
            sum(case when p.method = '{{ m }}' then {{ cents_to_dollars('p.amount') }} else 0 end) as {{ m }}_amount
            {%- if not loop.last %},{% endif %}
            {% endfor %}
        from {{ ref('stg_orders') }} as o
        join {{ ref('stg_payments') }} as p using (order_id)
        {% if is_incremental() %}
        where o.updated_at > (select max(updated_at) from {{ this }})
        {% endif %}
        {% if false %}{{ ref('legacy_orders') }}{% endif %}

        """

    final class ConfigCapture {
        var values: [String: Literal] = [:]
    }

    func render(incremental: Bool, capture: ConfigCapture) throws -> String {
        let environment = Environment()
        environment.registerMacros(from: try Template(source: Self.macros, path: "macros/cents.sql"))
        environment.globals["ref"] = .function(
            NativeFunction(name: "ref") { arguments throws(TemplateError) in
                .object(Relation(name: try arguments.string(at: 0, named: "name")))
            })
        environment.globals["is_incremental"] = .function(
            NativeFunction(name: "is_incremental") { _ in .bool(incremental) })
        environment.globals["config"] = .function(
            NativeFunction(name: "config") { arguments in
                for (name, value) in arguments.keyword { capture.values[name] = value.literal }
                return .string("")
            })
        let template = try Template(source: Self.model, path: "models/orders.sql")
        return try environment.render(template, variables: ["this": .object(Relation(name: "orders"))])
    }

    // Expected outputs rendered by Jinja2 3.1 (default settings, as dbt) with the same macro, functions and variables.
    @Test func incrementalRun() throws {
        let capture = ConfigCapture()
        let output = try render(incremental: true, capture: capture)
        #expect(
            output
                == "\n\nselect\n    o.order_id,\n    sum(case when p.method = 'credit_card' then \n    (p.amount / 100)::numeric(16, 2) else 0 end) as credit_card_amount,\n    sum(case when p.method = 'coupon' then \n    (p.amount / 100)::numeric(16, 2) else 0 end) as coupon_amount\n    \nfrom \"db\".\"analytics\".\"stg_orders\" as o\njoin \"db\".\"analytics\".\"stg_payments\" as p using (order_id)\n\nwhere o.updated_at > (select max(updated_at) from \"db\".\"analytics\".\"orders\")\n\n"
        )
        #expect(
            capture.values == [
                "materialized": .string("incremental"), "unique_key": .string("order_id"),
                "tags": .list([.string("finance")]),
            ])
    }

    @Test func fullRefreshRun() throws {
        let output = try render(incremental: false, capture: ConfigCapture())
        #expect(
            output
                == "\n\nselect\n    o.order_id,\n    sum(case when p.method = 'credit_card' then \n    (p.amount / 100)::numeric(16, 2) else 0 end) as credit_card_amount,\n    sum(case when p.method = 'coupon' then \n    (p.amount / 100)::numeric(16, 2) else 0 end) as coupon_amount\n    \nfrom \"db\".\"analytics\".\"stg_orders\" as o\njoin \"db\".\"analytics\".\"stg_payments\" as p using (order_id)\n\n"
        )
    }

    @Test func staticCallsFindRefsInUntakenBranchesAndMacroBodies() throws {
        let model = try Template(source: Self.model, path: "models/orders.sql")
        let refs = model.staticCalls(to: ["ref"])
        #expect(
            refs.map(\.arguments) == [[.string("stg_orders")], [.string("stg_payments")], [.string("legacy_orders")]])
        #expect(
            refs.map(\.location.description) == [
                "models/orders.sql:9:9", "models/orders.sql:10:9", "models/orders.sql:14:18",
            ])
        let configs = model.staticCalls(to: ["config"])
        #expect(configs.count == 1)
        #expect(configs.first?.keywordArguments["tags"] == .some(.list([.string("finance")])))

        let macroFile = try Template(
            source:
                "{% macro dim(name) %}\n  select * from {{ ref('dim_' ~ name) }}, {{ ref('calendar') }}\n{% endmacro %}",
            path: "macros/dim.sql")
        let inMacro = macroFile.staticCalls(to: ["ref"])
        #expect(inMacro.map(\.arguments) == [[nil], [.string("calendar")]])
        #expect(inMacro.map(\.location.line) == [2, 2])
        #expect(inMacro.map(\.location.column) == [20, 46])
    }
}
