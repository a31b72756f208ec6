import SQLTemplate
import Testing

/// dbt renders an undefined name as empty text; `wh` does too, and records a warning so a typo stays visible.
@Suite("Warnings for undefined names")
struct UndefinedWarningTests {
    @Test func renderedUndefinedNameIsWarnedWithASuggestion() throws {
        let environment = Environment()
        let template = try Template(source: "select\n  {{ ordr_id }} as id", path: "models/m.sql")
        let output = try environment.render(template, variables: ["order_id": .int(1)])
        #expect(output == "select\n   as id")
        let warnings = environment.takeWarnings()
        #expect(warnings.count == 1)
        let warning = try #require(warnings.first)
        #expect(warning.severity == .warning)
        #expect(warning.location.description == "models/m.sql:2:6")
        #expect(warning.message == "'ordr_id' is undefined and renders as ''")
        #expect(warning.help?.hasPrefix("did you mean 'order_id'?") == true)
        #expect(warning.description.hasPrefix("models/m.sql:2:6: warning: 'ordr_id' is undefined"))
        #expect(environment.takeWarnings().isEmpty)
    }

    @Test func filtersAndConcatenationWarnToo() throws {
        let environment = Environment()
        let template = try Template(source: "{{ a | upper }}{{ 'x' ~ b }}", path: "t.sql")
        #expect(try environment.render(template) == "x")
        #expect(environment.takeWarnings().map(\.location.column) == [4, 25])
    }

    @Test func deliberateUsesAreNotWarned() throws {
        let environment = Environment()
        let source = """
            {{ a is defined }}{{ b | default('d') }}{% if c %}{% endif %}{% for x in e %}{% endfor %}\
            {{ {'k': 1}.z }}{{ 'x' if false }}{% macro m(p) %}{{ p is defined }}{% endmacro %}{{ m() }}
            """
        #expect(try environment.render(try Template(source: source, path: "t.sql")) == "FalsedFalse")
        #expect(environment.takeWarnings().isEmpty)
    }

    @Test func aMacroRenderedTwiceWarnsOnce() throws {
        let environment = Environment()
        let macros = try Template(source: "{% macro m() %}{{ typo }}{% endmacro %}", path: "macros/m.sql")
        environment.registerMacros(from: macros)
        _ = try environment.render(try Template(source: "{{ m() }}{{ m() }}", path: "models/a.sql"))
        #expect(environment.takeWarnings().map(\.location.description) == ["macros/m.sql:1:19"])
    }

    @Test func strictModeMakesTheWarningAnErrorWithTheSuggestion() throws {
        let environment = Environment(strictUndefined: true)
        let template = try Template(source: "{% set order_id = 1 %}{{ ordr_id }}", path: "t.sql")
        #expect(throws: TemplateError.self) { try environment.render(template) }
        do {
            _ = try environment.render(template)
        } catch {
            #expect(error.kind == .undefinedVariable)
            #expect(error.location.column == 26)
            #expect(error.diagnostic.help?.hasPrefix("did you mean 'order_id'?") == true)
        }
    }
}
