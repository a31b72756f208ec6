import SQLTemplate
import Testing

/// An object with one attribute and a call, to check the `TemplateObject` protocol.
final class Counter: TemplateObject {
    var count = 0

    func attribute(_ name: String) -> Value? {
        name == "count" ? .int(count) : nil
    }

    func call(_ arguments: Arguments) throws(TemplateError) -> Value {
        count += arguments.positional.first?.literal.flatMap { if case .int(let step) = $0 { step } else { nil } } ?? 1
        return .int(count)
    }

    var renderedString: String { "Counter(\(count))" }
}

final class Opaque: TemplateObject {
    func attribute(_ name: String) -> Value? { nil }
    var renderedString: String { "opaque" }
}

@Suite("Values and objects")
struct ValueTests {
    @Test func literalsRoundTrip() {
        let literal = Literal.dict([
            Literal.KeyValue(key: "b", value: .list([.int(1), .double(1.5), .string("x"), .none, .bool(true)])),
            Literal.KeyValue(key: "a", value: .dict([])),
        ])
        #expect(Value(literal).literal == literal)
        #expect(Value(literal).renderedString == "{'b': [1, 1.5, 'x', None, True], 'a': {}}")
        #expect(Value.function(NativeFunction(name: "f") { _ in .none }).literal == nil)
    }

    @Test func truthinessFollowsPython() {
        let falsy: [Value] = [
            .none, .bool(false), .int(0), .double(0), .string(""), .list([]), .dict([]), .undefined("x"),
        ]
        #expect(falsy.allSatisfy { !$0.isTruthy })
        let truthy: [Value] = [.int(-1), .string(" "), .list([.none]), .object(Opaque())]
        #expect(truthy.allSatisfy { $0.isTruthy })
    }

    @Test func objectsExposeAttributesAndCalls() throws {
        let counter = Counter()
        let output = try render(
            "{{ c }} {{ c(2) }} {{ c.count }} {{ c() }} {{ c.nothing is defined }}", variables: ["c": .object(counter)])
        #expect(output == "Counter(0) 2 2 3 False")
        #expect(counter.count == 3)
    }

    @Test func objectsAreNotCallableByDefault() {
        let error = renderError("{{ o() }}", variables: ["o": .object(Opaque())])
        #expect(error?.kind == .typeMismatch)
        #expect(error?.message == "'opaque' is not callable")
        #expect(error?.location.column == 4)
    }

    @Test func listsAreSharedByReference() throws {
        let list = ListStorage([.int(1)])
        _ = try render("{% do xs.append(2) %}", variables: ["xs": .list(list)])
        #expect(list.items.map(\.literal) == [.int(1), .int(2)])
    }

    @Test func environmentGlobalsAreVisibleToRegisteredMacros() throws {
        let environment = Environment()
        environment.globals["target"] = .dict([("schema", .string("dev"))])
        environment.registerMacros(
            from: try Template(source: "{% macro s() %}{{ target.schema }}{% endmacro %}", path: "m"))
        #expect(try environment.render(try Template(source: "{{ s() }}.t", path: "x")) == "dev.t")
    }

    @Test func crlfLineEndingsBecomeNewlines() throws {
        let template = try Template(source: "a\r\n{{ 'b' }}\r\n{{ x }}", path: "crlf.sql")
        #expect(try Environment(strictUndefined: false).render(template) == "a\nb\n")
        do {
            _ = try Environment().render(template)
        } catch {
            #expect(error.location.line == 3)
            #expect(error.diagnostic.sourceLine == "{{ x }}")
        }
    }
}
