import SQLTemplate
import Testing

/// dbt's `return()`: ends the macro and makes the call evaluate to a real value.
@Suite("Macro return values")
struct MacroReturnTests {
    @Test func doReturnGivesAValueNotText() throws {
        let source = "{% macro get() %}{% do return({'a': [1, 2]}) %}ignored{% endmacro %}{{ get().a[1] }}"
        #expect(try render(source) == "2")
    }

    @Test func returnEndsTheMacroInsideLoops() throws {
        let source = """
            {% macro pick(xs) %}{% for x in xs %}{% if x > 1 %}{{ return(x) }}{% endif %}unreached{% endfor %}\
            {{ return(none) }}{% endmacro %}{{ pick([1, 5, 7]) }}|{{ pick([0]) }}
            """
        #expect(try render(source) == "5|None")
    }

    @Test func callerContinuesAfterAnInnerReturn() throws {
        let source = """
            {% macro inner() %}{{ return(3) }}{% endmacro %}\
            {% macro outer() %}{% set v = inner() %}v={{ v + 1 }}{% endmacro %}{{ outer() }}
            """
        #expect(try render(source) == "v=4")
    }

    @Test func returnedBooleansAreBooleans() throws {
        let source = "{% macro t() %}{{ return(true) }}{% endmacro %}{{ t() is sameas true }}{% if t() %}!{% endif %}"
        #expect(try render(source) == "True!")
    }

    @Test func macroWithoutReturnEvaluatesToItsText() throws {
        #expect(try render("{% macro s() %}  x {% endmacro %}[{{ s() }}]{{ s() is string }}") == "[  x ]True")
    }

    @Test func callingAMacroFromSwiftReturnsItsValue() throws {
        let template = try Template(
            source:
                "{% macro add(a, b=10) %}{{ return(a + b) }}{% endmacro %}{% macro text(x) %}<{{ x }}>{% endmacro %}",
            path: "macros/m.sql")
        let environment = Environment()
        environment.registerMacros(from: template, namespace: "utils")
        #expect(environment.macro(named: "add") == nil)
        let add = try #require(environment.macro(named: "utils.add"))
        let location = SQLTemplate.SourceLocation(path: "caller", line: 1, column: 1)
        let sum = try environment.call(add, arguments: Arguments(positional: [.int(1)], location: location))
        #expect(sum.literal == .int(11))
        let text = try #require(environment.macro(named: "utils.text"))
        let rendered = try environment.call(
            text, arguments: Arguments(keyword: [("x", .string("y"))], location: location))
        #expect(rendered.stringValue == "<y>")
        #expect(try environment.render(try Template(source: "{{ utils.add(2, b=3) }}", path: "m.sql")) == "5")
    }

    @Test func nativeFunctionCanCallBackIntoMacrosWithTheRenderVariables() throws {
        let environment = Environment()
        environment.registerMacros(
            from: try Template(source: "{% macro greet(x) %}{{ prefix }}{{ x }}{% endmacro %}", path: "macros/g.sql"))
        environment.globals["dispatch"] = .function(
            NativeFunction(name: "dispatch") { arguments throws(TemplateError) in
                let name = try arguments.string(at: 0, named: "name")
                guard let macro = environment.macro(named: name) else { throw arguments.error("no macro \(name)") }
                return try environment.call(
                    macro, arguments: Arguments(positional: [.string("!")], location: arguments.location))
            })
        let output = try environment.render(
            try Template(source: "{{ dispatch('greet') }}", path: "m.sql"), variables: ["prefix": .string("hi")])
        #expect(output == "hi!")
    }
}

@Suite("Undefined values")
struct UndefinedTests {
    // Jinja2's default Undefined (not strict), rendered with python3.
    @Test func lenientModePrintsEmptyLikeJinjaUndefined() throws {
        let source = """
            {{ missing }}|{% if missing %}y{% else %}n{% endif %}|{% for x in missing %}x{% endfor %}|\
            {{ missing | upper }}|{{ missing is defined }}|{{ missing ~ 'a' }}|{{ missing == 1 }}|{{ missing | length }}
            """
        #expect(try render(source, strict: false) == "|n|||False|a|False|0")
    }

    @Test func attributeOfUndefinedFailsEvenWhenLenient() {
        do {
            _ = try render("{{ missing.attr }}", strict: false)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .undefinedVariable)
            #expect(error.message == "'missing' is undefined")
        }
    }

    @Test func missingKeysAreUndefinedAndDefaultable() throws {
        let variables: [String: Value] = ["var": .dict([("a", .int(1))])]
        #expect(
            try render("{{ var.b is defined }}|{{ var.b | default('x') }}|{{ var['a'] }}", variables: variables)
                == "False|x|1")
    }

    @Test func printingAMissingKeyNamesThePath() {
        let error = renderError("{{ var['b'] }}", variables: ["var": .dict([("a", .int(1))])])
        #expect(error?.message == "'var['b']' is undefined")
        #expect(error?.location.column == 7)
    }

    /// Undefined, yet rendered as empty text even in strict mode: dbt templates write `{{ ',' if not loop.last }}`.
    @Test func inlineIfWithoutElseIsUndefinedAndRendersEmpty() throws {
        #expect(try render("{{ ('x' if false) is defined }}") == "False")
        #expect(try render("[{{ 'x' if false }}|{{ 'a' ~ ('x' if false) }}]") == "[|a]")
    }
}
