import SQLTemplate
import Testing

@Suite("Python methods on strings, lists and dicts")
struct MethodTests {
    static let cases: [RenderCase] = [
        RenderCase(
            "{{ 'Ab'.upper() }}|{{ 'Ab'.lower() }}|{{ '  x  '.strip() }}|{{ 'xxaxx'.strip('x') }}|{{ '  x  '.lstrip() }}.|{{ '  x  '.rstrip() }}.|{{ 'abcba'.rstrip('ab') }}",
            "AB|ab|x|a|x  .|  x.|abc"),
        RenderCase(
            "{{ 'a,b,,c'.split(',') }}|{{ ' a  b c '.split() }}|{{ 'a,b,c'.split(',', 1) }}|{{ 'a b  c '.split(none, 1) }}|{{ 'a,b,c'.rsplit(',', 1) }}",
            "['a', 'b', '', 'c']|['a', 'b', 'c']|['a', 'b,c']|['a', 'b  c ']|['a,b', 'c']"),
        RenderCase(
            "{{ 'abc'.startswith('ab') }}|{{ 'abc'.endswith('bc') }}|{{ 'abc'.startswith(('x', 'a')) }}|{{ 'abc'.endswith('x') }}",
            "True|True|True|False"),
        RenderCase(
            "{{ 'aaa'.replace('a', 'b') }}|{{ 'aaa'.replace('a', 'b', 1) }}|{{ 'abc'.replace('', '-') }}",
            "bbb|baa|-a-b-c-"),
        RenderCase(
            "{{ '{} and {}'.format(1, 'x') }}|{{ '{1}{0}'.format('a', 'b') }}|{{ '{name}!'.format(name='hi') }}|{{ '{{literal}} {}'.format(5) }}|{{ '{:>5}|{:<4}|{:^5}|{:05.2f}|{:,}'.format('r', 'l', 'c', 3.14159, 1234567) }}",
            "1 and x|ba|hi!|{literal} 5|    r|l   |  c  |03.14|1,234,567"),
        RenderCase(
            "{{ '-'.join(['a', 'b']) }}|{{ 'hello world'.title() }}|{{ \"it's\".title() }}|{{ 'hELLO'.capitalize() }}|{{ '123'.isdigit() }}|{{ '12a'.isdigit() }}",
            "a-b|Hello World|It'S|Hello|True|False"),
        RenderCase(
            "{{ 'hello'.find('l') }}|{{ 'hello'.find('z') }}|{{ 'hello'.count('l') }}|{{ 'hello'.rfind('l') }}|{{ 'hello'.index('e') }}",
            "2|-1|2|3|1"),
        RenderCase(
            "{{ '42'.zfill(5) }}|{{ 'a'.ljust(3) }}.|{{ 'a'.rjust(3, '*') }}|{{ 'abc'.isalpha() }}|{{ 'ab1'.isalnum() }}|{{ 'abc'.islower() }}|{{ 'ABC'.isupper() }}",
            "00042|a  .|**a|True|True|True|True"),
        RenderCase(
            "{% set l = [1, 2] %}{% do l.append(3) %}{% do l.insert(0, 0) %}{{ l }}|{{ l.pop() }}|{{ l.pop(0) }}|{{ l }}|{{ l.index(2) }}|{{ l.count(1) }}",
            "[0, 1, 2, 3]|3|0|[1, 2]|1|1"),
        RenderCase(
            "{% set l = ['a', 'b', 'a'] %}{% do l.remove('a') %}{{ l }}{% do l.reverse() %}{{ l }}{% do l.extend('xy') %}{{ l }}",
            "['b', 'a']['a', 'b']['a', 'b', 'x', 'y']"),
        RenderCase(
            "{% set l = [3, 1, 2] %}{% do l.sort() %}{{ l }}{% do l.sort(reverse=true) %}{{ l }}", "[1, 2, 3][3, 2, 1]"),
        RenderCase(
            "{% set d = {'a': 1, 'b': 2} %}{{ d.keys() | list }}|{{ d.values() | list }}|{{ d.items() | list }}|{{ d.get('a') }}|{{ d.get('z') }}|{{ d.get('z', 0) }}",
            "['a', 'b']|[1, 2]|[('a', 1), ('b', 2)]|1|None|0"),
        RenderCase(
            "{% set d = {'a': 1} %}{{ d.pop('a') }}{{ d }}|{{ d.pop('x', 'dflt') }}|{{ d.setdefault('k', 5) }}{{ d.setdefault('k', 6) }}{{ d }}",
            "1{}|dflt|55{'k': 5}"),
        RenderCase(
            "{% set d = {'a': 1} %}{% do d.update(b=2) %}{% do d.update({'c': 3}) %}{{ d }}", "{'a': 1, 'b': 2, 'c': 3}"
        ),
        RenderCase("{% set d = {'items': 'key wins?'} %}{{ d['items'] }}|{{ d.a is defined }}", "key wins?|False"),
        RenderCase("{{ {'a': 1}['a'] }}|{{ {'a': {'b': [10, 20]}}.a.b[1] }}|{{ {'a': [1]}.a.0 }}", "1|20|1"),
        RenderCase("{{ 'a b'.split(' ')[1] | upper }}", "B"),
    ]

    @Test(arguments: cases)
    func rendersLikeJinja(_ testCase: RenderCase) throws {
        let output = try render(testCase.source)
        #expect(output == testCase.expected)
    }
}
