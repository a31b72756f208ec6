import SQLTemplate
import Testing

@Suite("Statements: if, for, set, macro, call, filter, do, raw")
struct StatementTests {
    static let cases: [RenderCase] = [
        RenderCase(
            "{% if 1 %}a{% elif 2 %}b{% else %}c{% endif %}|{% if 0 %}a{% elif 2 %}b{% else %}c{% endif %}|{% if 0 %}a{% elif 0 %}b{% else %}c{% endif %}",
            "a|b|c"),
        RenderCase(
            "{% for x in [1, 2, 3] %}{{ loop.index }}/{{ loop.index0 }}/{{ loop.revindex }}/{{ loop.revindex0 }}/{{ loop.first }}/{{ loop.last }}/{{ loop.length }} {% endfor %}",
            "1/0/3/2/True/False/3 2/1/2/1/False/False/3 3/2/1/0/False/True/3 "),
        RenderCase("{% for x in [] %}{{ x }}{% else %}empty{% endfor %}", "empty"),
        RenderCase(
            "{% for x in [1, 2, 3, 4] if x is even %}{{ x }}:{{ loop.index }}:{{ loop.length }} {% endfor %}",
            "2:1:2 4:2:2 "),
        RenderCase("{% for k, v in {'a': 1, 'b': 2}.items() %}{{ k }}={{ v }};{% endfor %}", "a=1;b=2;"),
        RenderCase("{% for k in {'b': 1, 'a': 2} %}{{ k }}{% endfor %}", "ba"),
        RenderCase("{% for c in 'abc' %}{{ c }}-{% endfor %}", "a-b-c-"),
        RenderCase("{% for a, b in [[1, 2], [3, 4]] %}{{ a + b }} {% endfor %}", "3 7 "),
        RenderCase(
            "{% for x in [1, 2, 3] %}{% if x == 2 %}{% continue %}{% endif %}{{ x }}{% endfor %}|{% for x in [1, 2, 3] %}{% if x == 2 %}{% break %}{% endif %}{{ x }}{% endfor %}",
            "13|1"),
        RenderCase(
            "{% for x in [1, 2] %}{% for y in ['a', 'b'] %}{{ x }}{{ y }}{{ loop.index }} {% endfor %}{{ loop.index }}|{% endfor %}",
            "1a1 1b2 1|2a1 2b2 2|"),
        RenderCase("{% for x in [1, 2] %}{{ loop.cycle('odd', 'even') }} {% endfor %}", "odd even "),
        RenderCase(
            "{% for x in [1, 2, 3] %}{{ loop.previtem is defined }}{{ loop.nextitem | default('-') }} {% endfor %}",
            "False2 True3 True- "),
        RenderCase("{% set x = 1 %}{% for i in [1, 2] %}{% set x = i %}{{ x }}{% endfor %}{{ x }}", "121"),
        RenderCase(
            "{% set ns = namespace(total=0) %}{% for i in [1, 2, 3] %}{% set ns.total = ns.total + i %}{% endfor %}{{ ns.total }}",
            "6"),
        RenderCase("{% set a, b = 1, 2 %}{{ a }}{{ b }}|{% set c, d = [3, 4] %}{{ c }}{{ d }}", "12|34"),
        RenderCase("{% set block %}hello {{ 'world' }}{% endset %}[{{ block }}]", "[hello world]"),
        RenderCase("{% set shout | upper %}quiet{% endset %}{{ shout }}", "QUIET"),
        RenderCase("{% if true %}{% set inner = 'set in if' %}{% endif %}{{ inner }}", "set in if"),
        RenderCase(
            "{% macro greet(name, greeting='Hello') %}{{ greeting }}, {{ name }}!{% endmacro %}{{ greet('Ann') }} {{ greet('Bob', 'Hi') }} {{ greet(greeting='Yo', name='Cy') }}",
            "Hello, Ann! Hi, Bob! Yo, Cy!"),
        RenderCase("{% macro m() %}[{{ caller() }}]{% endmacro %}{% call m() %}inside{% endcall %}", "[inside]"),
        RenderCase(
            "{% macro m(items) %}{% for i in items %}{{ caller(i) }}{% endfor %}{% endmacro %}{% call(x) m([1, 2]) %}<{{ x * 10 }}>{% endcall %}",
            "<10><20>"),
        RenderCase("{% macro v() %}{{ varargs }}|{{ kwargs }}{% endmacro %}{{ v(1, 2, a=3) }}", "(1, 2)|{'a': 3}"),
        RenderCase(
            "{% macro outer() %}{% macro inner() %}in{% endmacro %}{{ inner() }}-out{% endmacro %}{{ outer() }}",
            "in-out"),
        RenderCase("{% set x = 'top' %}{% macro show() %}{{ x }}{% endmacro %}{{ show() }}", "top"),
        RenderCase("{% macro m(a, b=a ~ '!') %}{{ b }}{% endmacro %}{{ m('hey') }}", "hey!"),
        RenderCase("{% filter upper %}shout {{ 'this' }}{% endfilter %}", "SHOUT THIS"),
        RenderCase("{% set items = [] %}{% do items.append(1) %}{% do items.extend([2, 3]) %}{{ items }}", "[1, 2, 3]"),
        RenderCase("{% raw %}{{ not rendered }} {% if %}{% endraw %}", "{{ not rendered }} {% if %}"),
        RenderCase("{% set d = {'a': 1} %}{% do d.update({'b': 2}) %}{{ d }}", "{'a': 1, 'b': 2}"),
        RenderCase("{% macro m() %}{{ caller.name if false else 'c' }}{% endmacro %}{{ m() }}", "c"),
        RenderCase("{% set l = [3, 1, 2] %}{% set l2 = l %}{% do l2.append(4) %}{{ l }}", "[3, 1, 2, 4]"),
        RenderCase(
            "{{ range(3) | list }}|{{ range(1, 4) | list }}|{{ range(10, 0, -3) | list }}|{{ dict(a=1, b='x') }}",
            "[0, 1, 2]|[1, 2, 3]|[10, 7, 4, 1]|{'a': 1, 'b': 'x'}"),
        RenderCase("{% for i in range(3) %}{{ i }}{% endfor %}", "012"),
        RenderCase("{% set n = namespace(a=1) %}{{ n.a }}", "1"),
    ]

    @Test(arguments: cases)
    func rendersLikeJinja(_ testCase: RenderCase) throws {
        let output = try render(testCase.source)
        #expect(output == testCase.expected)
    }
}
