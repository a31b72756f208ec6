import SQLTemplate
import Testing

@Suite struct LineMapTests {
    @Test func eachOutputLineKnowsItsTemplateLine() throws {
        let environment = Environment()
        let macros = try Template(source: "{% macro two_lines() %}x\ny{% endmacro %}", path: "macros/m.sql")
        environment.registerMacros(from: macros)
        let source = "select\n{% if true %}\n  a,\n{% endif %}\n  {{ two_lines() }}\nfrom t"
        let rendered = try environment.renderWithLineMap(Template(source: source, path: "models/a.sql"))
        #expect(rendered.text == "select\n\n  a,\n\n  x\ny\nfrom t")
        // The macro's second line belongs to the call on line 5.
        #expect(rendered.sourceLines == [1, 2, 3, 4, 5, 5, 6])
    }

    @Test func linesDroppedByWhitespaceControlDoNotShiftTheMap() throws {
        let source = "{{ config(x=1) -}}\n\n\nselect\n  1"
        let environment = Environment()
        environment.globals["config"] = .function(NativeFunction(name: "config") { _ in .string("") })
        let rendered = try environment.renderWithLineMap(Template(source: source, path: "a.sql"))
        #expect(rendered.text == "select\n  1")
        #expect(rendered.sourceLines == [4, 5])
    }

    @Test func loopBodiesMapEveryIterationToTheBodyLines() throws {
        let source = "select\n{% for c in ['a', 'b'] %}\n  {{ c }},\n{% endfor %}\n  1"
        let rendered = try Environment().renderWithLineMap(Template(source: source, path: "a.sql"))
        #expect(rendered.text == "select\n\n  a,\n\n  b,\n\n  1")
        #expect(rendered.sourceLines == [1, 2, 3, 2, 3, 4, 5])
    }
}
