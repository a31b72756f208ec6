import SQLTemplate
import Testing

@Suite("Expressions render as in Jinja2")
struct ExpressionTests {
    static let cases: [RenderCase] = [
        RenderCase("{{ 1 + 2 * 3 }}", "7"),
        RenderCase("{{ (1 + 2) * 3 }}", "9"),
        RenderCase("{{ 7 / 2 }}|{{ 7 // 2 }}|{{ -7 // 2 }}|{{ 7 % 3 }}|{{ -7 % 3 }}|{{ 7.5 % 2 }}", "3.5|3|-4|1|2|1.5"),
        RenderCase("{{ 2 ** 10 }}|{{ 2 ** -1 }}|{{ 2 ** 3 ** 2 }}", "1024|0.5|64"),
        RenderCase(
            "{{ 1 + 1.5 }}|{{ 0.1 + 0.2 }}|{{ 3.0 }}|{{ 1e3 }}|{{ 10 / 5 }}", "2.5|0.30000000000000004|3.0|1000.0|2.0"),
        RenderCase("{{ 'a' ~ 1 ~ none ~ true }}", "a1NoneTrue"),
        RenderCase(
            "{{ 'ab' + 'cd' }}|{{ 'ab' * 3 }}|{{ [1] + [2, 3] }}|{{ [0] * 3 }}", "abcd|ababab|[1, 2, 3]|[0, 0, 0]"),
        RenderCase("{{ -3 }}|{{ - 3 | abs }}|{{ not true }}|{{ not 0 }}", "-3|3|False|True"),
        RenderCase(
            "{{ 1 < 2 < 3 }}|{{ 3 > 2 > 2 }}|{{ 1 == 1.0 }}|{{ 1 != 2 }}|{{ 'a' < 'b' }}|{{ [1, 2] < [1, 3] }}",
            "True|False|True|True|True|True"),
        RenderCase(
            "{{ true == 1 }}|{{ none == none }}|{{ 'a' == 'a' }}|{{ [1, 'a'] == [1, 'a'] }}|{{ {'a': 1} == {'a': 1} }}",
            "True|True|True|True|True"),
        RenderCase(
            "{{ 'b' in 'abc' }}|{{ 2 in [1, 2] }}|{{ 'k' in {'k': 1} }}|{{ 3 not in [1, 2] }}|{{ 'x' not in 'abc' }}",
            "True|True|True|True|True"),
        RenderCase(
            "{{ 0 or 'fallback' }}|{{ 'first' or 'second' }}|{{ 0 and 'x' }}|{{ 1 and 'x' }}|{{ none or [] }}",
            "fallback|first|0|x|[]"),
        RenderCase(
            "{{ 'yes' if 1 > 0 else 'no' }}|{{ 'yes' if 0 else 'no' }}|{{ 'a' if false else 'b' if true else 'c' }}",
            "yes|no|b"),
        RenderCase(
            "{{ [1, 2, 3][0] }}|{{ [1, 2, 3][-1] }}|{{ 'hello'[1] }}|{{ {'a': {'b': 5}}['a']['b'] }}|{{ {'a': {'b': 5}}.a.b }}",
            "1|3|e|5|5"),
        RenderCase(
            "{{ [1, 2, 3, 4][1:] }}|{{ [1, 2, 3, 4][:2] }}|{{ [1, 2, 3, 4][::2] }}|{{ 'hello'[1:3] }}|{{ 'hello'[::-1] }}|{{ [1, 2, 3][-2:] }}",
            "[2, 3, 4]|[1, 2]|[1, 3]|el|olleh|[2, 3]"),
        RenderCase("{{ (1, 2) }}|{{ (1,) }}|{{ () }}|{{ 1, 2 }}", "(1, 2)|(1,)|()|(1, 2)"),
        RenderCase(
            "{{ \"double \\\"quoted\\\"\" }}|{{ 'single \\'quoted\\'' }}|{{ 'tab\\tnew\\\n' }}|{{ 'back\\\\slash' }}|{{ '\\d+' }}",
            "double \"quoted\"|single 'quoted'|tab\tnew|back\\slash|\\d+"),
        RenderCase("{{ 'a' 'b' }}", "ab"),
        RenderCase("{{ True }}|{{ False }}|{{ None }}|{{ true }}|{{ none }}", "True|False|None|True|None"),
        RenderCase("{{ 1_000 }}|{{ 1.5e2 }}|{{ 2.5E-3 }}", "1000|150.0|0.0025"),
        RenderCase(
            "{{ {'a': 1, 'b': [1, 'x'], 'c': none, 'd': 1.0} }}", "{'a': 1, 'b': [1, 'x'], 'c': None, 'd': 1.0}"),
        RenderCase(
            "{{ ['it\\'s', \"say \\\"hi\\\"\", 'both \\' and \"'] }}", "[\"it's\", 'say \"hi\"', 'both \\' and \"']"),
        RenderCase("{{ [1.0, 0.1, 1e20, 1e-7, 100.5, -0.0] }}", "[1.0, 0.1, 1e+20, 1e-07, 100.5, -0.0]"),
        RenderCase("{{ {1: 'a'}['1'] if false else 'x' }}", "x"),
        RenderCase("{{ 10 / 4 }}|{{ 2 * 2.5 }}|{{ 9 // 2.0 }}|{{ 2 ** 0.5 }}", "2.5|5.0|4.0|1.4142135623730951"),
        RenderCase("{{ 'abc' ~ 'def' | upper }}", "abcDEF"),
        RenderCase("{{ not 1 == 2 }}|{{ not 'a' in 'abc' }}", "True|False"),
        RenderCase("{{ -2 ** 2 }}", "4"),
        RenderCase("{{ [1, 2][0:1] == [1] }}", "True"),
        RenderCase("{{ 'x' if none is none }}", "x"),
    ]

    @Test(arguments: cases)
    func rendersLikeJinja(_ testCase: RenderCase) throws {
        let output = try render(testCase.source)
        #expect(output == testCase.expected)
    }

    /// Python sets (what dbt's `set()` returns) equal each other whatever order their items came in, and never equal
    /// a list: dbt-utils' `equality` test compares two relations' column sets this way.
    @Test func setsCompareByMembership() throws {
        func set(_ items: [String]) -> Value { .list(ListStorage(items.map(Value.string), view: .set)) }
        let variables = [
            "ab": set(["a", "b"]), "ba": set(["b", "a"]), "abc": set(["a", "b", "c"]), "ac": set(["a", "c"]),
            "list": .list(ListStorage([.string("a"), .string("b")])),
        ]
        let output = try render(
            "{{ ab == ba }}|{{ ab != ba }}|{{ ab == abc }}|{{ ab == ac }}|{{ ab == list }}|{{ list == ab }}",
            variables: variables)
        #expect(output == "True|False|False|False|False|False")
    }
}
