#!/usr/bin/env python3
"""Renders each case with Jinja2 the way dbt-core 1.11.16 does, and writes jinja_goldens.json.

dbt renders with a SandboxedEnvironment, the `do` and `loopcontrols` extensions and Jinja's default
`Undefined` (dbt_common/clients/jinja.py, get_environment). Cases take no context: what a case needs it
sets itself. A case that raises records the exception's class instead of an output.

Run from this folder: python3 make_goldens.py (Jinja2 3.1.6, MarkupSafe 3.0).
"""
import json
import pathlib

import jinja2
import jinja2.sandbox

CASES = {
    # 1. Undefined values, lenient as dbt.
    "undefined renders empty": "a{{ missing }}b",
    "undefined is falsy": "{% if missing %}yes{% else %}no{% endif %}",
    "undefined iterates as empty": "{% for x in missing %}{{ x }}{% else %}empty{% endfor %}",
    "undefined is not defined": "{{ missing is defined }} {{ missing is undefined }}",
    "missing dict attribute": "[{{ {'a': 1}.b }}]",
    "missing dict item": "[{{ {'a': 1}['b'] }}]",
    "list index out of range": "[{{ [1][5] }}]",
    "first of empty list": "[{{ [] | first }}]",
    "last of empty list": "[{{ [] | last }}]",
    "previtem and nextitem at the edges": "{% for x in [1, 2] %}[{{ loop.previtem }}|{{ loop.nextitem }}]{% endfor %}",
    "previtem is defined": "{% for x in [1, 2] %}{{ loop.previtem is defined }}{% endfor %}",
    "undefined default": "{{ missing | default('d') }}",
    "undefined concatenated": "[{{ 'a' ~ missing ~ 'b' }}]",
    "undefined through a filter": "[{{ missing | upper }}]",
    "undefined length": "{{ missing | length }}",
    "undefined equals undefined": "{{ missing == other }} {{ missing != 1 }}",
    "not undefined": "{{ not missing }}",
    "undefined in a list": "{{ missing in [1, 2] }}",
    "undefined or": "{{ missing or 'x' }}",
    "undefined and": "[{{ missing and 'x' }}]",
    "undefined attribute raises": "{{ missing.attr }}",
    "undefined item raises": "{{ missing['k'] }}",
    "undefined call raises": "{{ missing() }}",
    "undefined arithmetic raises": "{{ missing + 1 }}",
    "attribute of missing attribute raises": "{{ {'a': 1}.b.c }}",
    "undefined set and rendered": "{% set x = missing %}[{{ x }}]",
    "undefined join": "[{{ missing | join(',') }}]",
    "undefined string": "[{{ missing | string }}]",
    # 2. Inline if without else.
    "inline if without else": "{% for x in [1, 2, 3] %}{{ x }}{{ ',' if not loop.last }}{% endfor %}",
    "inline if false is empty": "[{{ 'a' if false }}]",
    "inline if false is undefined": "{{ ('a' if false) is defined }}",
    "inline if false with default": "{{ ('a' if false) | default('d') }}",
    # 3. Macro arguments.
    "macro with fewer arguments": "{% macro m(a, b) %}[{{ a }}|{{ b }}|{{ b is defined }}]{% endmacro %}{{ m(1) }}",
    "macro with no arguments": "{% macro m(a, b) %}[{{ a }}|{{ b }}]{% endmacro %}{{ m() }}",
    "macro with too many arguments": "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, 2) }}",
    "macro with unknown keyword": "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(b=2) }}",
    "macro with a default after a missing one": "{% macro m(a, b=2) %}[{{ a }}|{{ b }}]{% endmacro %}{{ m(b=3) }}",
    # 4. Block set and scoping.
    "block set": "{% set x %}a {{ 1 + 1 }} b{% endset %}[{{ x }}]",
    "block set with a filter": "{% set x | upper %}abc{% endset %}[{{ x }}]",
    "block set on a namespace": "{% set ns = namespace(msg='') %}{% set ns.msg %}hi {{ 2 }}{% endset %}[{{ ns.msg }}]",
    "set inside for is not visible after": "{% set x = 1 %}{% for i in [1, 2] %}{% set x = i %}{% endfor %}{{ x }}",
    "set inside for is new each iteration": "{% for i in [1, 2] %}{{ y is defined }}{% set y = i %}{% endfor %}",
    "namespace across loops": "{% set ns = namespace(n=0) %}{% for i in [1, 2, 3] %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}",
    "set inside if is visible after": "{% if true %}{% set x = 5 %}{% endif %}{{ x }}",
    "loop variable not visible after": "{% for i in [1, 2] %}{% endfor %}[{{ i }}]",
    "set in for before reading outer": "{% set x = 1 %}{% for i in [1] %}{{ x }}{% set x = 2 %}{{ x }}{% endfor %}{{ x }}",
    "block set inside macro": "{% macro m() %}{% set x %}in{% endset %}{{ x }}{% endmacro %}[{{ m() }}]",
    # 5. Blocks and loop helpers.
    "filter block": "{% filter upper %}abc {{ 'd' }}{% endfilter %}",
    "filter block with two filters": "{% filter upper | replace('A', 'x') %}abc{% endfilter %}",
    "with block": "{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}[{{ a }}]",
    "with block sees outer": "{% set x = 3 %}{% with y = x * 2 %}{{ y }}{% endwith %}",
    "with block set does not leak": "{% with %}{% set z = 1 %}{{ z }}{% endwith %}[{{ z }}]",
    "loop changed": "{% for x in [1, 1, 2, 2, 3] %}{% if loop.changed(x) %}{{ x }}{% endif %}{% endfor %}",
    "loop changed two values": "{% for x in [1, 1, 2] %}{{ loop.changed(x, 'a') }} {% endfor %}",
    "loop cycle": "{% for x in [1, 2, 3] %}{{ loop.cycle('a', 'b') }}{% endfor %}",
    "cycler": "{% set c = cycler('x', 'y') %}{{ c.next() }}{{ c.next() }}{{ c.next() }}{{ c.current }}",
    "cycler reset": "{% set c = cycler(1, 2) %}{{ c.next() }}{% do c.reset() %}{{ c.next() }}",
    "joiner": "{% set j = joiner(', ') %}{% for x in ['a', 'b', 'c'] %}{{ j() }}{{ x }}{% endfor %}",
    "joiner default": "{% set j = joiner() %}{% for x in [1, 2] %}{{ j() }}{{ x }}{% endfor %}",
    "recursive loop": "{% for x in [{'n': 'a', 'c': [{'n': 'b', 'c': []}, {'n': 'c', 'c': [{'n': 'd', 'c': []}]}]}] recursive %}{{ x.n }}{{ loop.depth }}({{ loop(x.c) }}){% endfor %}",
    "recursive loop depth0": "{% for x in [[1, [2]], [3]] recursive %}{% if x is iterable %}{{ loop(x) }}{% else %}{{ x }}:{{ loop.depth0 }} {% endif %}{% endfor %}",
    "raw": "{% raw %}{{ x }}{% endraw %}",
    "raw keeps whitespace": "a {% raw %} {{ x }} {% endraw %} b",
    "raw with minus": "a {%- raw %} x {% endraw -%} b",
    "raw with plus end": "a {% raw %} x {%+ endraw %} b",
    "raw with minus end": "a {% raw %} x {%- endraw %} b",
    "loop length and revindex": "{% for x in 'abc' %}{{ loop.revindex }}{{ loop.length }}{% endfor %}",
    "loop else with filter": "{% for x in [1, 2] if x > 5 %}{{ x }}{% else %}none{% endfor %}",
    # 7. Filters, tests, methods and literals.
    "slice": "{{ [1, 2, 3, 4, 5] | slice(2) | list }}",
    "slice with fill": "{{ [1, 2, 3, 4, 5] | slice(3, 0) | list }}",
    "groupby": "{% for g in [{'k': 'a', 'v': 1}, {'k': 'b', 'v': 2}, {'k': 'a', 'v': 3}] | groupby('k') %}{{ g.grouper }}:{{ g.list | map(attribute='v') | join(',') }};{% endfor %}",
    "groupby tuple": "{% for k, items in [{'k': 2}, {'k': 1}] | groupby('k') %}{{ k }}={{ items | length }} {% endfor %}",
    "striptags": "{{ '<p>a  <b>b</b>\n c</p>' | striptags }}",
    "urlencode": "{{ 'a b&c/d' | urlencode }}",
    "urlencode dict": "{{ {'a': 'x y', 'b': 1} | urlencode }}",
    "wordwrap": "{{ 'the quick brown fox jumps over' | wordwrap(10) }}",
    "filesizeformat": "{{ 1000 | filesizeformat }} {{ 1500000 | filesizeformat }} {{ 1024 | filesizeformat(true) }} {{ 1 | filesizeformat }}",
    "xmlattr": "<a{{ {'href': 'x&y', 'id': 3, 'n': none} | xmlattr }}>",
    "pprint": "{{ {'a': [1, 'b'], 'c': none} | pprint }}",
    "forceescape": "{{ '<a>' | forceescape }}",
    "is filter": "{{ 'upper' is filter }} {{ 'nope' is filter }}",
    "rpartition": "{{ 'a.b.c'.rpartition('.') }}",
    "istitle": "{{ 'Hello World'.istitle() }} {{ 'hello'.istitle() }}",
    "removeprefix and removesuffix": "{{ 'stg_orders'.removeprefix('stg_') }} {{ 'file.sql'.removesuffix('.sql') }}",
    "expandtabs": "[{{ 'a\tb'.expandtabs(4) }}]",
    "isnumeric": "{{ '123'.isnumeric() }} {{ '1.5'.isnumeric() }}",
    "wordwrap long word": "{{ 'a verylongwordindeed b' | wordwrap(5) }}",
    "wordwrap paragraphs": "{{ 'one two three\nfour' | wordwrap(7, wrapstring='|') }}",
    "striptags entities and comments": "{{ 'a<!-- <b>x</b> -->b &amp; &lt;c&gt; &#65;' | striptags }}",
    "groupby case insensitive": "{% for g in [{'k': 'B'}, {'k': 'a'}, {'k': 'b'}] | groupby('k') %}{{ g.grouper }}{{ g.list | length }} {% endfor %}",
    "groupby default": "{% for g in [{'k': 1}, {}] | groupby('k', default=0) %}{{ g.grouper }} {% endfor %}",
    "urlencode unicode": "{{ 'é ~x' | urlencode }}",
    "filesizeformat large": "{{ 123456789012 | filesizeformat }} {{ 5 | filesizeformat }}",
    "rpartition missing": "{{ 'abc'.rpartition('.') }}",
    "istitle mixed": "{{ 'Hello world'.istitle() }} {{ 'A1 B'.istitle() }} {{ '1'.istitle() }}",
    "expandtabs default": "[{{ 'ab\tc\nd\te'.expandtabs() }}]",
    "hex octal binary literals": "{{ 0x1F }} {{ 0o17 }} {{ 0b101 }} {{ 0x_ff }}",
}


def render(template: str) -> dict:
    env = jinja2.sandbox.SandboxedEnvironment(extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"])
    try:
        return {"output": env.from_string(template).render()}
    except Exception as error:  # the class is what the Swift test checks
        return {"error": type(error).__name__}


def main() -> None:
    goldens = [{"name": name, "template": template, **render(template)} for name, template in CASES.items()]
    path = pathlib.Path(__file__).with_name("jinja_goldens.json")
    path.write_text(json.dumps(goldens, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
