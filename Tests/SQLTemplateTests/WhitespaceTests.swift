import SQLTemplate
import Testing

@Suite("Whitespace control and comments")
struct WhitespaceTests {
    static let cases: [RenderCase] = [
        RenderCase("{# a comment #}x{# another\nmulti-line #}y", "xy"),
        RenderCase("a\n{% if true %}\nb\n{% endif %}\nc\n", "a\n\nb\n\nc"),
        RenderCase("a\n{%- if true -%}\nb\n{%- endif -%}\nc", "abc"),
        RenderCase("a  {{- 'x' -}}  b", "axb"),
        RenderCase("a\n  {#- comment -#}\n  b", "ab"),
        RenderCase("{% for x in [1, 2] -%}\n  {{ x }}\n{%- endfor %}\n", "12"),
        RenderCase("  {%- raw -%}  kept {{ x }}  {%- endraw -%}  after", "kept {{ x }}after"),
        RenderCase("{% set x = 1 %}\nline\n", "\nline"),
        RenderCase("{% macro m() -%}\n  body\n{%- endmacro %}[{{ m() }}]", "[body]"),
        RenderCase("{%+ if true %}a{% endif %}", "a"),
        RenderCase(
            "select\n    {% for c in ['a', 'b'] %}\n    {{ c }}{% if not loop.last %},{% endif %}\n    {% endfor %}\nfrom t\n",
            "select\n    \n    a,\n    \n    b\n    \nfrom t"),
    ]

    /// Jinja drops one line break at the very end of the source, as dbt's compiled files show; only one.
    @Test func dropsOneTrailingNewlineUnlessAskedToKeepIt() throws {
        let environment = Environment()
        #expect(try environment.render(Template(source: "a\n\n", path: "t.sql")) == "a\n")
        #expect(try environment.render(Template(source: "a\r\n", path: "t.sql")) == "a")
        #expect(try environment.render(Template(source: "a\n", path: "t.sql", keepTrailingNewline: true)) == "a\n")
    }

    @Test(arguments: cases)
    func rendersLikeJinja(_ testCase: RenderCase) throws {
        let output = try render(testCase.source)
        #expect(output == testCase.expected)
    }
}
