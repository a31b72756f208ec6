import SQLTemplate
import Testing

@Suite("Static calls are found without rendering")
struct StaticCallTests {
    @Test func findsCallsEverywhereInSourceOrder() throws {
        let source = """
            {% set a %}{{ ref('in_set_block') }}{% endset %}
            {% for x in [ref('in_iterable')] %}{{ ref('in_loop') }}{% else %}{{ ref('in_loop_else') }}{% endfor %}
            {% call wrapper(ref('in_call_args')) %}{{ ref('in_call_body') }}{% endcall %}
            {% macro m(r=ref('in_default')) %}{{ ref('in_macro') }}{% endmacro %}
            {{ source('raw', 'orders') }} {{ ref('pkg', 'model', version=2) }} {{ ref(name) }}
            {{ other('x') }} {{ adapter.ref('not_global') }} {% filter upper %}{{ ref('in_filter') }}{% endfilter %}
            """
        let template = try Template(source: source, path: "m.sql")
        let calls = template.staticCalls(to: ["ref", "source"])
        #expect(
            calls.map(\.callee) == [
                "ref", "ref", "ref", "ref", "ref", "ref", "ref", "ref", "source", "ref", "ref", "ref",
            ])
        let firstArguments: [String?] = calls.map { $0.arguments.first??.stringValue }
        let expected: [String?] = [
            "in_set_block", "in_iterable", "in_loop", "in_loop_else", "in_call_args", "in_call_body", "in_default",
            "in_macro", "raw", "pkg", nil, "in_filter",
        ]
        #expect(firstArguments == expected)
        let versioned = try #require(calls.first { $0.arguments == [.string("pkg"), .string("model")] })
        #expect(versioned.keywordArguments == ["version": .some(.int(2))])
        #expect(versioned.location.line == 5)
        #expect(versioned.location.column == 34)
    }

    @Test func literalArgumentsIncludeContainersAndNegativeNumbers() throws {
        let template = try Template(
            source: "{{ config(tags=['a', 'b'], meta={'owner': 'x', 'n': -1}, enabled=true, x=y, f=1.5) }}",
            path: "m.sql")
        let call = try #require(template.staticCalls(to: ["config"]).first)
        #expect(call.keywordArguments["tags"] == .some(.list([.string("a"), .string("b")])))
        #expect(
            call.keywordArguments["meta"]
                == .some(
                    .dict([
                        Literal.KeyValue(key: "owner", value: .string("x")),
                        Literal.KeyValue(key: "n", value: .int(-1)),
                    ])))
        #expect(call.keywordArguments["enabled"] == .some(.bool(true)))
        #expect(call.keywordArguments["x"] == .some(nil))
        #expect(call.keywordArguments["f"] == .some(.double(1.5)))
    }

    @Test func macroNamesDocsBlocksAndGenericTests() throws {
        let source = """
            {% macro first() %}{% endmacro %}
            {% test not_null(model, column_name) %}
            select * from {{ model }} where {{ column_name }} is null
            {% endtest %}
            {% docs orders_status %}
            The **status** of an order: {{ not rendered }}
            {% enddocs %}
            {% if true %}{% macro nested() %}{% endmacro %}{% endif %}
            """
        let template = try Template(source: source, path: "macros/all.sql")
        #expect(template.macroNames == ["first", "test_not_null"])
        #expect(template.docsBlocks.count == 1)
        #expect(template.docsBlocks.first?.name == "orders_status")
        #expect(template.docsBlocks.first?.text == "\nThe **status** of an order: {{ not rendered }}\n")
        #expect(template.docsBlocks.first?.location.description == "macros/all.sql:5:9")
        #expect(try Environment().render(template) == "\n\n\n")

        let environment = Environment()
        environment.registerMacros(from: template)
        let testMacro = try #require(environment.macro(named: "test_not_null"))
        let sql = try environment.call(
            testMacro,
            arguments: Arguments(
                positional: [.string("orders"), .string("id")],
                location: SQLTemplate.SourceLocation(path: "t", line: 1, column: 1)))
        #expect(sql.stringValue == "\nselect * from orders where id is null\n")
    }
}
