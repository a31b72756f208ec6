import SQLTemplate
import Testing

/// Every error names its kind, the exact line and column, and a message; these are checked by hand.
@Suite("Errors carry kind, location and message")
struct ErrorTests {
    func parseError(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> TemplateError? {
        do {
            _ = try Template(source: source, path: "model.sql")
            Issue.record("expected a syntax error", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    func expect(
        _ error: TemplateError?, _ kind: TemplateError.Kind, line: Int, column: Int, message: String,
        help: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        guard let error else { return }
        #expect(error.kind == kind, sourceLocation: sourceLocation)
        #expect(error.location.line == line, sourceLocation: sourceLocation)
        #expect(error.location.column == column, sourceLocation: sourceLocation)
        #expect(error.message == message, sourceLocation: sourceLocation)
        if let help {
            #expect(
                error.diagnostic.help?.contains(help) == true, "help: \(error.diagnostic.help ?? "none")",
                sourceLocation: sourceLocation)
        }
    }

    @Test func unclosedVariable() {
        expect(
            parseError("select\n  {{ ref('x') \nfrom t"), .syntax, line: 2, column: 3,
            message: "unclosed '{{'", help: "'}}'")
    }

    @Test func unclosedBlockTag() {
        expect(parseError("a {% if x"), .syntax, line: 1, column: 3, message: "unclosed '{%'", help: "'%}'")
    }

    @Test func unclosedComment() {
        expect(parseError("x\n{# note"), .syntax, line: 2, column: 1, message: "unclosed comment", help: "'#}'")
    }

    @Test func unclosedString() {
        expect(parseError("{{ 'abc }}"), .syntax, line: 1, column: 4, message: "unclosed string literal")
    }

    @Test func missingEndIfPointsAtOpeningTag() {
        expect(
            parseError("select 1\n  {% if a %}\nx\n"), .syntax, line: 2, column: 3,
            message: "unclosed 'if' block", help: "{% endif %}")
    }

    @Test func missingEndForInsideIf() {
        expect(
            parseError("{% if a %}\n{% for x in y %}\n{% endif %}"), .syntax, line: 3, column: 4,
            message: "unexpected '{% endif %}'", help: "close it with '{% endfor %}' first")
    }

    @Test func missingEndMacro() {
        expect(
            parseError("{% macro m() %}\n{% for x in y %}{% endfor %}"), .syntax, line: 1, column: 1,
            message: "unclosed 'macro' block", help: "{% endmacro %}")
    }

    @Test func unexpectedEndForAtTopLevel() {
        expect(
            parseError("x {% endfor %}"), .syntax, line: 1, column: 6, message: "unexpected '{% endfor %}'",
            help: "no open 'for' block")
    }

    @Test func unknownTagSuggestsClosest() {
        expect(
            parseError("\n{% fro x in y %}{% endfor %}"), .syntax, line: 2, column: 4,
            message: "unknown tag 'fro'", help: "did you mean 'for'?")
    }

    @Test func unknownFilterSuggestsClosest() {
        expect(
            parseError("{{ x | uper }}"), .unknownFilter, line: 1, column: 8, message: "unknown filter 'uper'",
            help: "did you mean 'upper'?")
    }

    @Test func unknownTestSuggestsClosest() {
        expect(
            parseError("{{ x is defind }}"), .unknownTest, line: 1, column: 9, message: "unknown test 'defind'",
            help: "did you mean 'defined'?")
    }

    @Test func unclosedCall() {
        expect(
            parseError("where {{ ref('customers' }}"), .syntax, line: 1, column: 26,
            message: "expected ',' or ')', found '}}'", help: "')'")
    }

    @Test func emptyExpression() {
        expect(parseError("{{ }}"), .syntax, line: 1, column: 4, message: "expected an expression, found '}}'")
    }

    @Test func breakOutsideLoop() {
        expect(parseError("{% break %}"), .syntax, line: 1, column: 4, message: "'break' outside a loop")
    }

    @Test func columnsCountUnicodeScalars() {
        expect(parseError("-- café\n  ñ {{ x ! }}"), .syntax, line: 2, column: 10, message: "unexpected character '!'")
    }

    @Test func tooManyPositionalArguments() {
        let error = renderError("{% macro m(a) %}{% endmacro %}\nselect {{ m(1, 2) }}")
        expect(
            error, .wrongArguments, line: 2, column: 11, message: "macro 'm' takes at most 1 argument(s), got 2",
            help: "defined at test.sql:1:1 as m(a)")
    }

    @Test func unknownKeywordArgument() {
        let error = renderError("{% macro m(col, scale=2) %}{% endmacro %}{{ m('x', scal=3) }}")
        expect(
            error, .wrongArguments, line: 1, column: 45,
            message: "macro 'm' takes no keyword argument 'scal'; did you mean 'scale'?",
            help: "m(col, scale=2)")
    }

    /// Jinja binds a missing argument to an undefined value (dbt macros rely on it); strict mode fails where it is used.
    @Test func missingArgumentIsUndefinedUntilUsed() throws {
        let source = "{% macro m(col, scale=2) %}\n[{{ col }}]{% endmacro %}\n\n  {{ m(scale=3) }}"
        #expect(try render(source, strict: false) == "\n\n  \n[]")
        let error = renderError(source)
        expect(error, .undefinedVariable, line: 2, column: 5, message: "'col' is undefined")
    }

    @Test func undefinedVariable() {
        let error = renderError("select\n  {{ orders_count }} as n")
        expect(
            error, .undefinedVariable, line: 2, column: 6, message: "'orders_count' is undefined",
            help: "pass it with --vars")
    }

    @Test func undefinedAttributeChain() {
        let error = renderError("{{ config.materialized.name }}", variables: ["config": .dict([])])
        expect(error, .undefinedVariable, line: 1, column: 11, message: "'config.materialized' is undefined")
    }

    @Test func undefinedInConditionIsAnErrorLikeStrictUndefined() {
        expect(
            renderError("{% if flag %}x{% endif %}"), .undefinedVariable, line: 1, column: 7,
            message: "'flag' is undefined")
    }

    @Test func undefinedInArithmetic() {
        expect(
            renderError("{{ 1 + missing }}"), .undefinedVariable, line: 1, column: 8,
            message: "'missing' is undefined")
    }

    @Test func undefinedLoopIterable() {
        expect(
            renderError("{% for x in rows %}{% endfor %}"), .undefinedVariable, line: 1, column: 13,
            message: "'rows' is undefined")
    }

    @Test func callingANonCallable() {
        expect(
            renderError("{% set x = 1 %}{{ x() }}"), .typeMismatch, line: 1, column: 19,
            message: "'int' object is not callable")
    }

    @Test func callingAnUndefinedFunction() {
        expect(
            renderError("{{ reff('orders') }}"), .undefinedVariable, line: 1, column: 4,
            message: "no macro or function named 'reff'", help: "{% macro reff(...) %}")
    }

    @Test func typeErrorInArithmetic() {
        expect(
            renderError("{{ 1 + 'a' }}"), .typeMismatch, line: 1, column: 6,
            message: "unsupported operand type(s) for +: 'int' and 'str'", help: "'~'")
    }

    @Test func comparingUnorderableTypes() {
        expect(
            renderError("{{ 1 < 'a' }}"), .typeMismatch, line: 1, column: 6,
            message: "'<' not supported between instances of 'int' and 'str'")
    }

    @Test func divisionByZero() {
        expect(renderError("{{ 1 // 0 }}"), .other, line: 1, column: 6, message: "division by zero")
    }

    @Test func unpackingMismatch() {
        expect(
            renderError("{% set a, b = [1, 2, 3] %}"), .typeMismatch, line: 1, column: 8,
            message: "too many values to unpack (expected 2, got 3)")
    }

    @Test func diagnosticRendersSourceLineAndCaret() throws {
        let error = try #require(renderError("select\n  {{ orders_count }}", path: "models/orders.sql"))
        #expect(
            error.description == """
                models/orders.sql:2:6: error: 'orders_count' is undefined
                      {{ orders_count }}
                         ^
                  help: define it with {% set orders_count = ... %} or pass it with --vars
                """)
    }

    @Test func errorInsideMacroCarriesCallStack() throws {
        let macros = try Template(
            source: "{% macro inner() %}\n{{ missing }}\n{% endmacro %}\n"
                + "{% macro outer() %}{{ inner() }}{% endmacro %}",
            path: "macros/util.sql")
        let model = try Template(source: "select\n{{ outer() }}", path: "models/m.sql")
        let environment = Environment(strictUndefined: true)
        environment.registerMacros(from: macros)
        do {
            _ = try environment.render(model)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .undefinedVariable)
            #expect(error.location.description == "macros/util.sql:2:4")
            #expect(error.callStack.map(\.description) == ["models/m.sql:2:4", "macros/util.sql:4:23"])
            #expect(error.diagnostic.sourceLine == "{{ missing }}")
            #expect(
                error.description.hasSuffix(
                    "\n  in macro call at macros/util.sql:4:23\n  in macro call at models/m.sql:2:4"))
        }
    }

    @Test func nativeFunctionErrorPassesThroughWithCallStack() throws {
        let macros = try Template(
            source: "{% macro check(x) %}\n  {{ raise_compiler_error('bad value ' ~ x) }}\n{% endmacro %}",
            path: "macros/check.sql")
        let environment = Environment()
        environment.registerMacros(from: macros)
        environment.globals["raise_compiler_error"] = .function(
            NativeFunction(name: "raise_compiler_error") { arguments throws(TemplateError) in
                throw arguments.error(try arguments.string(at: 0, named: "msg"), help: "fix the value")
            })
        do {
            _ = try environment.render(try Template(source: "{{ check(3) }}", path: "models/m.sql"))
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .raised)
            #expect(error.message == "bad value 3")
            #expect(error.diagnostic.help == "fix the value")
            #expect(error.location.description == "macros/check.sql:2:6")
            #expect(error.callStack.map(\.description) == ["models/m.sql:1:4"])
        }
    }

    @Test func returnOutsideMacro() {
        expect(renderError("{{ return(1) }}"), .other, line: 1, column: 4, message: "return() used outside a macro")
    }
}

@Suite("Runaway and malformed calls fail cleanly")
struct RobustnessTests {
    @Test func infiniteRecursionIsAnError() throws {
        let error = try limitError("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}\n{{ f(0) }}")
        #expect(error.message == "macro 'f' nested more than 1000 calls deep")
        #expect(error.location.line == 1)
        #expect(error.location.column == 20)
        #expect(error.callStack.count == 1000)
        #expect(error.callStack.first?.line == 2)
    }

    @Test func methodsRejectUnexpectedKeywords() {
        let error = renderError("{% set l = [] %}{% do l.append(x=1) %}")
        #expect(error?.kind == .wrongArguments)
        #expect(error?.message == "append() takes no keyword argument 'x'")
        #expect(error?.location.column == 25)
    }

    @Test func methodsCheckArgumentCounts() throws {
        #expect(renderError("{{ 'a'.upper(1, 2) }}")?.message == "upper() takes exactly 0 argument(s), got 2")
        #expect(renderError("{{ {}.get() }}")?.message == "get() takes 1 to 2 argument(s), got 0")
        #expect(try render("{{ 'a b c'.split(maxsplit=1) }}") == "['a', 'b c']")
    }
}
