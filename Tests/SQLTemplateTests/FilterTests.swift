import SQLTemplate
import Testing

@Suite("Filters")
struct FilterTests {
    static let cases: [RenderCase] = [
        RenderCase(
            "{{ 'hello World' | upper }}|{{ 'HeLLo' | lower }}|{{ 'hello world' | capitalize }}|{{ \"hello wORLD it's\" | title }}",
            "HELLO WORLD|hello|Hello world|Hello World It's"),
        RenderCase(
            "{{ '  pad  ' | trim }}|{{ 'xxhixx' | trim('x') }}|{{ 'aaa' | replace('a', 'b') }}|{{ 'aaa' | replace('a', 'b', 2) }}",
            "pad|hi|bbb|bba"),
        RenderCase(
            "{{ [1, 2, 3] | join(', ') }}|{{ [{'n': 'a'}, {'n': 'b'}] | join('-', attribute='n') }}|{{ 'abc' | join('.') }}",
            "1, 2, 3|a-b|a.b.c"),
        RenderCase(
            "{{ none | default('d') }}|{{ '' | default('d') }}|{{ '' | default('d', true) }}|{{ undefined_thing | d('u') }}|{{ 0 | default(5, boolean=true) }}",
            "None||d|u|5"),
        RenderCase(
            "{{ [1, 2] | length }}|{{ 'abcd' | count }}|{{ {'a': 1} | length }}|{{ 'ab' | list }}|{{ {'k': 1} | list }}",
            "2|4|1|['a', 'b']|['k']"),
        RenderCase("{{ [3, 1, 2] | first }}|{{ [3, 1, 2] | last }}|{{ 'xyz' | first }}", "3|2|x"),
        // Jinja's map and select iterate only a true value (Jinja2 3.1: `if value:`).
        RenderCase(
            "{{ none | map('lower') | list }}|{{ 'a' in none | map('lower') }}|{{ none | select | list }}"
                + "|{{ none | rejectattr('x') | list }}",
            "[]|False|[]|[]"),
        RenderCase(
            "{{ '42' | int }}|{{ '4.7' | int }}|{{ 'x' | int }}|{{ 'x' | int(7) }}|{{ 3.9 | int }}|{{ '0x1A' | int(0, 16) }}|{{ true | int }}",
            "42|4|0|7|3|26|1"),
        RenderCase("{{ '4.5' | float }}|{{ 3 | float }}|{{ 'no' | float }}|{{ 'no' | float(1.5) }}", "4.5|3.0|0.0|1.5"),
        RenderCase(
            "{{ 42 | string }}|{{ none | string }}|{{ [1, 'a'] | string }}|{{ 1.0 | string }}", "42|None|[1, 'a']|1.0"),
        RenderCase(
            "{{ 2.5 | round }}|{{ 3.14159 | round(2) }}|{{ 2.1 | round(0, 'ceil') }}|{{ 2.9 | round(method='floor') }}|{{ -2.5 | round }}|{{ 7 | round }}",
            "2.0|3.14|3.0|2.0|-2.0|7"),
        RenderCase(
            "{{ [3, 1, 2] | sort }}|{{ [3, 1, 2] | sort(reverse=true) }}|{{ ['b', 'A', 'c'] | sort }}|{{ ['b', 'A', 'c'] | sort(case_sensitive=true) }}",
            "[1, 2, 3]|[3, 2, 1]|['A', 'b', 'c']|['A', 'b', 'c']"),
        RenderCase("{{ [{'n': 2}, {'n': 1}] | sort(attribute='n') | map(attribute='n') | list }}", "[1, 2]"),
        RenderCase(
            "{{ [1, 2, 1, 3, 2] | unique | list }}|{{ ['a', 'A', 'b'] | unique | list }}|{{ ['a', 'A'] | unique(case_sensitive=true) | list }}",
            "[1, 2, 3]|['a', 'b']|['a', 'A']"),
        RenderCase(
            "{{ ['a', 'b'] | map('upper') | list }}|{{ [{'x': 1}, {'y': 2}] | map(attribute='x', default=0) | list }}|{{ [1.6, 2.2] | map('round') | list }}",
            "['A', 'B']|[1, 0]|[2.0, 2.0]"),
        RenderCase(
            "{{ [1, 2, 3, 4] | select('even') | list }}|{{ [1, 2, 3, 4] | reject('even') | list }}|{{ [1, 5, 10] | select('gt', 3) | list }}|{{ [0, 1, '', 'a'] | select | list }}",
            "[2, 4]|[1, 3]|[5, 10]|[1, 'a']"),
        RenderCase(
            "{{ [{'a': 1}, {'a': 2}] | selectattr('a', 'equalto', 2) | list }}|{{ [{'a': 1}, {'a': 2}] | rejectattr('a', 'eq', 2) | list }}",
            "[{'a': 2}]|[{'a': 1}]"),
        RenderCase(
            "{{ {'b': 1, 'a': [1, 'x<y'], 'c': none, 'd': true, 'e': 1.5} | tojson }}|{{ 'it\\'s' | tojson }}",
            "{\"a\": [1, \"x\\u003cy\"], \"b\": 1, \"c\": null, \"d\": true, \"e\": 1.5}|\"it\\u0027s\""),
        RenderCase("{{ [1, {'a': 2}] | tojson(indent=2) }}", "[\n  1,\n  {\n    \"a\": 2\n  }\n]"),
        RenderCase(
            "{{ 'a\nb\n\nc' | indent }}|{{ 'a\nb' | indent(2, true) }}|{{ 'a\n\nb' | indent(2, blank=true) }}|{{ 'a\nb' | indent('> ') }}",
            "a\n    b\n\n    c|  a\n  b|a\n  \n  b|a\n> b"),
        RenderCase("{{ -3 | abs }}|{{ -2.5 | abs }}", "3|2.5"),
        RenderCase(
            "{{ {'b': 1, 'A': 2, 'c': 0} | dictsort }}|{{ {'b': 1, 'a': 2} | dictsort(by='value') }}|{{ {'b': 1, 'a': 2} | dictsort(reverse=true) }}",
            "[('A', 2), ('b', 1), ('c', 0)]|[('b', 1), ('a', 2)]|[('b', 1), ('a', 2)]"),
        RenderCase("{{ {'a': 1, 'b': 2} | items | list }}", "[('a', 1), ('b', 2)]"),
        RenderCase("{{ '<b>' | safe }}", "<b>"),
        RenderCase(
            "{{ [1, 2, 3] | sum }}|{{ [{'v': 1.5}, {'v': 2}] | sum(attribute='v') }}|{{ [1, 2] | sum(start=10) }}",
            "6|3.5|13"),
        RenderCase(
            "{{ [3, 1, 2] | min }}|{{ [3, 1, 2] | max }}|{{ ['b', 'A'] | min }}|{{ [{'v': 3}, {'v': 9}] | max(attribute='v') }}",
            "1|3|A|{'v': 9}"),
        RenderCase("{{ [1, 2, 3] | reverse | list }}|{{ 'abc' | reverse }}", "[3, 2, 1]|cba"),
        RenderCase(
            "{{ '%s-%05.2f|%d|%r|%x|%-4s|' | format('a', 3.14159, 7, 'q', 255, 'z') }}|{{ '%(a)s=%(b)d' | format(a='x', b=2) }}|{{ '100%%' | format() }}",
            "a-03.14|7|'q'|ff|z   ||x=2|100%"),
        RenderCase(
            "{{ [1, 2, 3, 4, 5] | batch(2) | list }}|{{ [1, 2, 3] | batch(2, 0) | list }}",
            "[[1, 2], [3, 4], [5]]|[[1, 2], [3, 0]]"),
        RenderCase("{{ 'hello big world' | wordcount }}|{{ 'abc' | center(9) }}|", "3|   abc   |"),
        RenderCase(
            "{{ 'foo bar baz qux' | truncate(9) }}|{{ 'foo bar baz qux' | truncate(9, true) }}|{{ 'short' | truncate(9) }}",
            "foo...|foo ba...|short"),
        RenderCase(
            "{{ [[1, 2], [3]] | map('length') | list }}|{{ ['a', 'b'] | map('replace', 'a', 'z') | list }}",
            "[2, 1]|['z', 'b']"),
        RenderCase("{{ [none, 1] | map('default', 'x') | list }}", "[None, 1]"),
        RenderCase("{{ [1, 2] | first is number }}", "True"),
    ]

    @Test(arguments: cases)
    func rendersLikeJinja(_ testCase: RenderCase) throws {
        let output = try render(testCase.source)
        #expect(output == testCase.expected)
    }
}
