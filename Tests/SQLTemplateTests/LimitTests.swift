import SQLTemplate
import Testing

/// Renders `source` on a render thread, whose stack the template limits are sized for.
func renderOnRenderThread(_ source: String, path: String = "models/x.sql") throws -> Result<String, TemplateError> {
    let results = RenderThreads.map(count: 1) { _ in
        Result { () throws(TemplateError) -> String in
            try Environment().render(try Template(source: source, path: path))
        }
    }
    return try #require(results.first)
}

/// The error of a render that must fail.
func limitError(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> TemplateError {
    switch try renderOnRenderThread(source) {
    case .success(let output):
        Issue.record("expected an error, rendered \(output.count) characters", sourceLocation: sourceLocation)
        throw LimitTestFailure()
    case .failure(let error):
        return error
    }
}

struct LimitTestFailure: Error {}

func nested(_ depth: Int, _ open: String, _ inner: String, _ close: String) -> String {
    String(repeating: open, count: depth) + inner + String(repeating: close, count: depth)
}

/// Inputs that used to overflow the stack now stop at a documented limit with a located error.
@Suite("Nesting and recursion limits")
struct LimitTests {
    @Test func deeplyNestedParenthesesAreAnError() throws {
        let error = try limitError("{{ " + nested(3000, "(", "1", ")") + " }}")
        #expect(error.kind == .limitExceeded)
        // `{{ ` is three columns; the 101st expression opens at the 101st parenthesis... one column later.
        #expect(error.location.description == "models/x.sql:1:104")
        #expect(error.message == "expressions nested more than 100 levels deep")
        #expect(error.description.hasPrefix("models/x.sql:1:104: error: expressions nested more than 100 levels deep"))
        #expect(error.diagnostic.help?.contains("split it into smaller parts") == true)
    }

    @Test func deeplyNestedListsAreAnError() throws {
        let error = try limitError("{{ " + nested(3000, "[", "1", "]") + " }}")
        #expect(error.kind == .limitExceeded)
        #expect(error.location.description == "models/x.sql:1:104")
        #expect(error.message == "expressions nested more than 100 levels deep")
    }

    @Test func deeplyNestedDictsAreAnError() throws {
        let error = try limitError("{{ " + nested(3000, "{'k': ", "1", "}") + " }}")
        #expect(error.kind == .limitExceeded)
        // The 100th dict's key is the 101st expression: 99 dicts of 6 columns, then the `{` of the 100th.
        #expect(error.location.column == 4 + 6 * 99 + 1)
    }

    @Test func deeplyNestedBlocksAreAnError() throws {
        let error = try limitError(nested(3000, "{% if true %}", "x", "{% endif %}"))
        #expect(error.kind == .limitExceeded)
        // The 100th `if` is the 100th level; its condition would be the 101st. Each tag is 13 columns.
        #expect(error.location.line == 1)
        #expect(error.location.column == 13 * 99 + 7)
        #expect(error.message == "expressions nested more than 100 levels deep")
        #expect(error.diagnostic.help?.contains("blocks and expressions count together") == true)
    }

    @Test func blocksAloneCountToo() throws {
        let error = try limitError(nested(3000, "{% for x in y %}", "x", "{% endfor %}"))
        #expect(error.kind == .limitExceeded)
        #expect(error.location.column == 16 * 99 + 13)
        let macros = try limitError(nested(3000, "{% filter upper %}", "x", "{% endfilter %}"))
        #expect(macros.location.column == 18 * 100 + 1)
        #expect(macros.message == "blocks nested more than 100 levels deep")
    }

    @Test func nestingUpToTheLimitRenders() throws {
        let list = nested(99, "[", "1", "]")
        #expect(try renderOnRenderThread("{{ " + list + " | length }}").get() == "1")
        #expect(try renderOnRenderThread("{{ " + nested(98, "(", "7", ")") + " }}").get() == "7")
        let error = try limitError("{{ " + nested(100, "[", "1", "]") + " }}")
        #expect(error.location.column == 104)
    }

    @Test func longPostfixAndFilterChainsAreAnError() throws {
        let error = try limitError("{{ x" + String(repeating: ".a", count: 3000) + " }}")
        #expect(error.kind == .limitExceeded)
        #expect(error.location.column == 5 + 2 * 99)
        let filters = try limitError("{{ 'x'" + String(repeating: " | lower", count: 3000) + " }}")
        #expect(filters.location.column == 8 + 8 * 99)
        let negations = try limitError("{{ " + String(repeating: "not ", count: 3000) + "true }}")
        #expect(negations.location.column == 4 + 4 * 99)
    }

    @Test func flatOperatorChainsRenderWithoutDeepRecursion() throws {
        let sum = "{{ 1" + String(repeating: "+1", count: 4999) + " }}"
        let concat = "{{ 'a'" + String(repeating: " ~ 'a'", count: 4999) + " }}"
        let mixed = "{{ 2" + String(repeating: " * 1 - 1 + 1", count: 2000) + " }}"
        let logical =
            "{{ " + String(repeating: "1 and ", count: 5000) + "0 or " + String(repeating: "0 or ", count: 5000)
            + "'last' }}"
        var outputs: [String] = []
        let used = stackHighWater(stackSize: 64 << 20) {
            for source in [sum, concat, mixed, logical] {
                outputs.append((try? Environment().render(try Template(source: source, path: "m.sql"))) ?? "error")
            }
        }
        #expect(outputs == ["5000", String(repeating: "a", count: 5000), "2", "last"])
        // Python's Jinja2 renders these; so do we, in about the stack of an empty template (40 KiB in debug).
        #expect(used < 256 << 10, "used \(used) bytes of stack")
    }

    @Test func recursiveMacro500DeepRenders() throws {
        let source = """
            {% macro f(n) %}{% if n > 0 %}{{ return(f(n - 1) + 1) }}{% endif %}{{ return(0) }}{% endmacro %}\
            {{ f(500) }}
            """
        #expect(try renderOnRenderThread(source).get() == "500")
    }

    @Test func runawayMacroRecursionIsAnError() throws {
        let error = try limitError(
            "{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{% endif %}{% endmacro %}\n{{ f(100000) }}")
        #expect(error.message == "macro 'f' nested more than 1000 calls deep")
        #expect(error.location.description == "models/x.sql:1:34")
        #expect(error.callStack.count == 1000)
        #expect(error.callStack.first?.description == "models/x.sql:2:4")
        #expect(
            error.description.hasSuffix(
                "\n  in macro call at models/x.sql:1:34 (999 calls)\n  in macro call at models/x.sql:2:4"))
        let endless = try limitError("{% macro g() %}{{ g() }}{% endmacro %}{{ g() }}")
        #expect(endless.message == "macro 'g' nested more than 1000 calls deep")
        #expect(endless.location.column == 19)
    }

    @Test func recursionThroughDeepNestingStopsBeforeTheStackEnds() throws {
        // 1,000 calls with 90 levels of nesting each would need about 1.5 GB of stack in a debug build.
        let list = nested(90, "[", "f(n - 1)", "]")
        let source = "{% macro f(n) %}{% if n > 0 %}{{ " + list + " }}{% endif %}{% endmacro %}\n{{ f(999) }}"
        let error = try limitError(source)
        #expect(error.kind == .limitExceeded)
        #expect(error.message.hasPrefix("macro 'f' nested "))
        #expect(
            error.message.hasSuffix(" calls deep, with more nesting inside them than the render thread's stack holds"))
        #expect(error.location.line == 1)
        #expect(error.location.column == 34 + 90)
        #expect((1..<1000).contains(error.callStack.count))
    }

    /// The deepest render the limits allow fits a render thread's stack with room to spare.
    ///
    /// That render has nesting near the limit at the bottom of the deepest macro recursion. Debug builds, which
    /// tests run, use about four times the stack of release builds (59 MB against 14 MB, measured).
    @Test func theDeepestAllowedRenderFitsARenderThread() throws {
        let source = """
            {% macro f(n) %}{% if n > 0 %}{{ return(f(n - 1)) }}{% endif %}\
            {{ return(\(nested(90, "[", "n", "]"))) }}{% endmacro %}{{ f(998) | length }}
            """
        var output = ""
        let used = stackHighWater(stackSize: RenderThreads.stackSize) {
            output = (try? Environment().render(try Template(source: source, path: "m.sql"))) ?? "error"
        }
        #expect(output == "1")
        #expect(used < RenderThreads.stackSize / 2, "used \(used) of \(RenderThreads.stackSize) bytes")
    }
}
