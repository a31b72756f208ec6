#!/usr/bin/env python3
"""Writes templates.json: generated dbt model templates for the differential test against dbt-core.

Each template is a model file of the kinds dbt users write, built from pools of snippets per construct
(undefined values, loops, set blocks, namespaces, macros and call blocks, every builtin filter and test,
str/list/dict methods, Python formats and reprs, numbers, escaping, whitespace control, raw blocks, and
dbt's context functions). The seed is fixed, so the file is the same on every run.

Run from this folder: python3 generate_templates.py; then run_dbt.py makes the goldens.
"""
import json
import pathlib
import random

SEED = 10
rng = random.Random(SEED)
templates: list[tuple[str, str]] = []


def add(family: str, text: str) -> None:
    templates.append((family, text))


def sql(expr: str) -> str:
    """A select of one rendered expression, as a model would print a value."""
    return f"select {{{{ {expr} }}}} as v"


# Values of every kind, written as Jinja literals.
STRINGS = ["'abc'", "'Hello World'", "''", "'  padded  '", "'a,b,,c'", "'stg_orders'", "'MiXeD case'",
           "'line1\\nline2'", "'tab\\there'", "'<b>&amp;</b>'", "'é ü ß'", "'123'", "'1.5'", "'x_y-z'",
           "\"don't\"", "'a b c d e f g h i j k l m n'", "'Title case words'",
           "'ﬁ Straße'", "'0x1A'", "' 42 '"]
NUMBERS = ["0", "1", "-7", "42", "3.0", "2.5", "-0.5", "1e3", "1.5e-7", "0.1 + 0.2", "10 / 4", "10 // 4",
           "-10 // 3", "7 % 3", "-7 % 3", "2 ** 10", "2 ** 64", "2 ** 100", "10 ** 20 + 1", "1e16 - 42",
           "1e16", "1e22", "123456789.123", "1 / 3", "2 ** -1", "9007199254740993", "-(2 ** 63)",
           "3 * 1.1", "0.000001", "1e-5", "100.0", "1.0e100", "7.0 // 2", "-7.5 % 2", "2 ** 0.5"]
LISTS = ["[1, 2, 3]", "[]", "['b', 'a', 'c']", "[3, 1, 2, 1]", "[1, 'a', none]", "[[1, 2], [3]]",
         "[true, false]", "[1.5, 2]", "['x']", "range(5)", "range(1, 10, 3)", "[{'a': 1}, {'a': 2}]",
         "(1, 2)", "('a',)"]
DICTS = ["{'a': 1, 'b': 2}", "{}", "{1: 'x', 2: 'y'}", "{'k': [1, 2], 'n': none}", "{'b': 1, 'a': 2}",
         "{'nested': {'x': true}}", "{'q': \"it's\"}"]
MISC = ["none", "true", "false", "range(3)", "{'a': 1}.items()", "{'a': 1}.keys()", "{'a': 1}.values()",
        "'<a>' | e", "('x' | e) ~ '<y>'", "['<a>' | e]", "'a' | e | e", "namespace(a=1)"]
ALL_VALUES = STRINGS + NUMBERS + LISTS + DICTS + MISC

# 1. Printing each kind of value, alone and inside a list (reprs).
for value in ALL_VALUES:
    add("print", sql(value))
for value in NUMBERS + MISC + STRINGS[:10]:
    add("repr", sql(f"[{value}]"))
for value in LISTS + DICTS:
    add("repr", sql(f"{{'k': {value}}}"))
for value in NUMBERS:
    add("string", sql(f"({value}) | string"))

# 2. Undefined values, lenient as dbt is.
UNDEF = ["missing", "{'a': 1}.b", "{'a': 1}['b']", "[1][5]", "[] | first", "[] | last", "('a' if false)",
         "missing | default('d')", "{}.get('x')", "config.get('nope')"]
UNDEF_USES = ["select {{ X }} as v", "select '{{ X }}' as v", "{% if X %}select 1{% else %}select 2{% endif %}",
              "{% for x in X %}{{ x }}{% else %}select 'empty'{% endfor %}", "select {{ X is defined }} as v",
              "select {{ X | default('fallback') }} as v", "select {{ X ~ 'tail' }} as v",
              "select {{ X | length }} as v", "select {{ X == none }} as v", "select {{ not X }} as v",
              "select {{ X | upper }} as v", "select {{ (X or 'alt') }} as v", "select {{ X.attr }} as v",
              "select {{ X + 1 }} as v", "select {{ X['k'] }} as v", "select {{ X() }} as v",
              "select {{ X | string }} as v", "select {{ [X] }} as v", "select {{ X is none }} as v"]
for use in UNDEF_USES:
    for value in UNDEF:
        add("undefined", use.replace("X", value))

# 3. Loops and their attributes.
LOOP_ATTRS = ["loop.index", "loop.index0", "loop.revindex", "loop.revindex0", "loop.first", "loop.last",
              "loop.length", "loop.previtem", "loop.nextitem", "loop.cycle('a', 'b')", "loop.depth",
              "loop.changed(x)", "loop.previtem is defined", "loop.nextitem | default('end')"]
LOOP_SEQS = ["[1, 2, 3]", "['a', 'b']", "range(4)", "'xyz'", "[]", "{'k': 1, 'j': 2}", "[1, 1, 2]"]
for attr in LOOP_ATTRS:
    for seq in LOOP_SEQS:
        add("loop", f"select\n{{% for x in {seq} %}}\n  {{{{ {attr} }}}} as c{{{{ loop.index }}}}{{{{ ',' if not loop.last }}}}\n{{% endfor %}}")
for seq in LOOP_SEQS:
    add("loop", f"{{% for x in {seq} if x != 2 %}}{{{{ x }}}}{{% else %}}none{{% endfor %}}")
    add("loop", f"{{% for x in {seq} %}}{{% if loop.index > 1 %}}{{% break %}}{{% endif %}}{{{{ x }}}}{{% endfor %}}")
    add("loop", f"{{% for x in {seq} %}}{{% if loop.first %}}{{% continue %}}{{% endif %}}{{{{ x }}}}{{% endfor %}}")
    add("loop", f"{{% for x in {seq} | reverse %}}{{{{ x }}}}{{% endfor %}}")
    add("loop", f"{{% for x in {seq} | sort %}}{{{{ x }}}},{{% endfor %}}")
for pairs in ["{'a': 1, 'b': 2}.items()", "[(1, 'x'), (2, 'y')]", "[[1, 2], [3, 4]]", "zip([1, 2], ['a', 'b'])",
              "{'a': 1}.items() | list", "[('k', none)]", "{'z': 1, 'a': 2} | dictsort"]:
    add("loop", f"{{% for k, v in {pairs} %}}{{{{ k }}}}={{{{ v }}}} {{% endfor %}}")
add("loop", "{% for x in [[1, [2, [3]]], [4]] recursive %}{% if x is iterable %}({{ loop(x) }}){% else %}{{ x }}@{{ loop.depth }}{% endif %}{% endfor %}")
add("loop", "{% for a in [1, 2] %}{% for b in ['x', 'y'] %}{{ a }}{{ b }}{{ loop.index }}/{{ loop.length }} {% endfor %}{% endfor %}")
add("loop", "{% set x = 1 %}{% for i in [5, 6] %}{% set x = i %}{% endfor %}select {{ x }}")
add("loop", "{% for i in [1, 2] %}{{ y is defined }}{% set y = i %}{% endfor %}")
add("loop", "{% for i in [1, 2] %}{% endfor %}[{{ i }}]")

# 4. set / endset, namespaces, with.
SET_BODIES = ["a {{ 1 + 1 }} b", "\n  select 1\n", "{{ 'x' | upper }}", "", "  padded  ", "{% for i in range(3) %}{{ i }}{% endfor %}"]
for body in SET_BODIES:
    add("set", f"{{% set q %}}{body}{{% endset %}}select '{{{{ q }}}}' as v, {{{{ q | length }}}} as n")
    add("set", f"{{% set q | trim | upper %}}{body}{{% endset %}}[{{{{ q }}}}]")
    add("set", f"{{% set ns = namespace(q='') %}}{{% set ns.q %}}{body}{{% endset %}}[{{{{ ns.q }}}}]")
    add("set", f"{{% set q %}}{body}{{% endset %}}{{{{ q is string }}}} {{{{ q.strip() }}}} {{{{ q ~ '!' }}}}")
for start, step in [("0", "1"), ("''", "'x'"), ("[]", "[1]"), ("1.5", "2")]:
    add("namespace", f"{{% set ns = namespace(acc={start}) %}}{{% for i in range(3) %}}{{% set ns.acc = ns.acc + {step} %}}{{% endfor %}}select {{{{ ns.acc }}}}")
    add("namespace", f"{{% set ns = namespace(acc={start}, seen=false) %}}{{% for i in [1, 2] %}}{{% if not ns.seen %}}{{% set ns.seen = true %}}{{% endif %}}{{% endfor %}}{{{{ ns.seen }}}} {{{{ ns.acc }}}}")
add("namespace", "{% set ns = namespace() %}{% set ns.a = 1 %}{{ ns.a }}")
add("namespace", "{% set ns = namespace({'a': 1}, b=2) %}{{ ns.a }}{{ ns.b }}")
add("namespace", "{% set ns = namespace(a=1) %}{{ ns.b }}")
add("namespace", "{% set ns = namespace(a=1) %}{{ ns }}")
add("with", "{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}[{{ a }}]")
add("with", "{% set x = 3 %}{% with y = x * 2 %}{{ y }}{% endwith %}")
add("with", "{% with %}{% set z = 1 %}{{ z }}{% endwith %}[{{ z }}]")
for a, b in [("1", "2"), ("'a'", "'b'"), ("[1]", "[2]"), ("none", "1")]:
    add("set", f"{{% set a, b = {a}, {b} %}}{{{{ b }}}}{{{{ a }}}}")
    add("set", f"{{% set t = ({a}, {b}) %}}{{{{ t }}}} {{{{ t[0] }}}} {{{{ t | length }}}}")

# 5. Macros, call blocks, caller, return.
MACRO_ARGS = [("a, b", "1"), ("a, b", "1, 2"), ("a, b=5", "1"), ("a, b=5", "b=3"), ("a", "1, 2"),
              ("a", "b=2"), ("", ""), ("a, b='x'", "a='y'"), ("a=none", ""), ("a, b", "")]
for params, args in MACRO_ARGS:
    add("macro", f"{{% macro m({params}) %}}[{{{{ a }}}}|{{{{ b }}}}|{{{{ b is defined }}}}]{{% endmacro %}}select '{{{{ m({args}) }}}}'")
    add("macro", f"{{% macro m({params}) -%}}\n  {{{{ varargs }}}} {{{{ kwargs }}}}\n{{%- endmacro %}}{{{{ m({args}) }}}}")
for body in ["{{ caller() }}", "<{{ caller() | upper }}>", "{% for x in [1, 2] %}{{ caller(x) }}{% endfor %}",
             "{{ caller() }}{{ caller() }}", "{{ caller is defined }}"]:
    add("call", f"{{% macro wrap() %}}{body}{{% endmacro %}}{{% call wrap() %}}in{{% endcall %}}")
    add("call", f"{{% macro wrap() %}}{body}{{% endmacro %}}{{% call(v) wrap() %}}v={{{{ v }}}}{{% endcall %}}")
for expr in ["1", "'s'", "[1, 2]", "{'a': 1}", "none", "1.5", "true"]:
    add("return", f"select {{{{ diff_ret({expr}) }}}} as v, {{{{ diff_ret({expr}) is none }}}} as n")
    add("return", f"{{% set r = diff_ret({expr}) %}}select {{{{ r }}}} as v, {{{{ r is string }}}} as s")
    add("return", f"{{% macro local(x) %}}{{{{ return(x) }}}}{{% endmacro %}}{{{{ local({expr}) }}}}")
add("macro", "{% macro m() %}  spaced  {% endmacro %}[{{ m() }}] {{ m() | length }}")
add("macro", "{% macro m(x) %}{{ x * 2 }}{% endmacro %}{{ m(2) + m(3) }}")
add("macro", "{% macro m() %}x{% endmacro %}{{ m.name }} {{ m.arguments }} {{ m is callable }}")
add("macro", "select {{ diff_cols(['a', 'b', 'c']) }} from t")
add("macro", "select {{ diff_cols([]) }} from t")
add("macro", "{{ diff_kw(1, z=3) }}")
add("macro", "{{ diff_kw() }}")

# 6. Filters: every builtin filter dbt exposes, over several inputs.
STRING_FILTERS = ["upper", "lower", "capitalize", "title", "trim", "length", "count", "string", "e", "escape",
                  "forceescape", "striptags", "urlencode", "wordcount", "reverse", "list", "first", "last",
                  "center(20)", "center", "indent(2)", "indent(2, true)", "indent(2, true, true)", "truncate(9)",
                  "truncate(9, true, '..', 0)", "replace('a', 'X')", "replace('', '-')", "replace('', '-', 1)",
                  "replace('a', 'Y', 1)", "format", "int", "float", "int(7)", "float(1.5)", "int(base=16)",
                  "safe", "wordwrap(5)", "tojson", "pprint", "unique | list", "sort | join", "batch(2) | list",
                  "slice(2) | list", "map('upper') | join", "select | list", "reject('equalto', 'a') | list",
                  "default('z')", "d('z', true)", "trim('a')", "attr('x')", "abs", "round", "sum"]
STRING_INPUTS = ["'abc'", "'  padded  '", "'Hello World'", "''", "'<p>a  <b>b</b></p>'", "'a b&c/d é'",
                 "'line1\\nline2\\n\\nline4'", "'1_5.5'", "'0x1A'", "'42'", "' -3 '", "'3.7'", "'ﬁx'",
                 "'the quick brown fox jumps over'"]
for f in STRING_FILTERS:
    inputs = rng.sample(STRING_INPUTS, 3)
    for value in inputs:
        add("filter", sql(f"{value} | {f}"))
NUMBER_FILTERS = ["abs", "round", "round(2)", "round(1, 'floor')", "round(1, 'ceil')", "int", "float", "string",
                  "filesizeformat", "filesizeformat(true)", "format", "default(0)", "string | length", "tojson"]
NUMBER_INPUTS = ["2.675", "2.5", "3.5", "-2.5", "0.125", "1.005", "1234567", "1e16 - 42", "-0.0", "7",
                 "2 ** 64", "1000", "1500000", "123456789012", "0.5", "1.15", "-7"]
for f in NUMBER_FILTERS:
    for value in rng.sample(NUMBER_INPUTS, 4):
        add("filter", sql(f"({value}) | {f}"))
LIST_FILTERS = ["join", "join(', ')", "join(attribute='a')", "length", "first", "last", "min", "max", "sum",
                "sort", "sort(reverse=true)", "sort(attribute='a')", "unique | list", "reverse | list", "list",
                "batch(2) | list", "batch(2, 0) | list", "slice(2) | list", "slice(3, 'f') | list", "random is defined",
                "map('string') | list", "map(attribute='a') | list", "select('odd') | list", "reject('none') | list",
                "selectattr('a') | list", "rejectattr('a', 'equalto', 1) | list", "groupby('a') | list",
                "dictsort", "tojson", "pprint", "string", "items | list", "sum(attribute='a')", "min(attribute='a')",
                "count", "map('int') | sum", "select('string') | list", "select('number') | list",
                "select('gt', 1) | list", "unique(attribute='a') | list", "xmlattr", "urlencode"]
LIST_INPUTS = ["[3, 1, 2]", "[]", "['b', 'A', 'a', 'c']", "[{'a': 2}, {'a': 1}, {'a': 2}]", "[1, none, 'x']",
               "[1.5, 2, 3]", "{'b': 1, 'a': 2}", "range(5)", "[[1, 2], [3, 4]]", "['1', '2']", "[true, 0, 1]"]
for f in LIST_FILTERS:
    for value in rng.sample(LIST_INPUTS, 3):
        add("filter", sql(f"{value} | {f}"))
for spec in ["'%s'", "'%d'", "'%05.2f'", "'%x'", "'%r'", "'%s-%s'", "'%-5s|'", "'%c'", "'%e'", "'%%'", "'%i'",
             "'%10.3s|'", "'%+d'", "'%o'", "'%X'", "'%g'", "'%.3g'", "'%(a)s'"]:
    for args in ["42", "3.14159", "'str'", "[1, 2]", "65", "('a', 'b')", "{'a': 'A'}", "-2.5", "2 ** 64", "true"]:
        if rng.random() < 0.3:
            add("format", sql(f"{spec} | format({args})"))
            add("format", sql(f"{spec} % {args}"))

# 7. Tests.
TESTS = ["defined", "undefined", "none", "number", "string", "sequence", "mapping", "iterable", "callable",
         "odd", "even", "divisibleby(3)", "lower", "upper", "true", "false", "boolean", "integer", "float",
         "equalto 1", "eq 'a'", "ne 2", "lt 3", "le 3", "gt 0", "ge 0", "in [1, 'a']", "sameas none",
         "sameas true", "escaped", "filter", "test", "==(1)", "!=(1)"]
TEST_INPUTS = ["1", "'a'", "none", "[1]", "{'a': 1}", "2.0", "true", "'ABC'", "missing", "range(2)", "'<a>' | e",
               "6", "'upper'", "'odd'", "ref", "0"]
for t in TESTS:
    for value in rng.sample(TEST_INPUTS, 4):
        add("test", sql(f"({value}) is {t}") if t not in ("==(1)", "!=(1)") else sql(f"[{value}] | select('{t[:2]}', 1) | list"))
for t in ["odd", "none", "string", "number", "defined", "divisibleby(2)"]:
    add("test", sql(f"[1, 2, none, 'a', 4] | select('{t.split('(')[0]}'{', 2' if '(' in t else ''}) | list"))
    add("test", sql(f"(3) is not {t}"))

# 8. str, list and dict methods.
STR_METHODS = ["upper()", "lower()", "strip()", "lstrip()", "rstrip('d ')", "split()", "split(',')",
               "split(',', 1)", "rsplit(',', 1)", "splitlines()", "replace('a', 'b')", "startswith('a')",
               "endswith(('c', 'x'))", "find('b')", "rfind('b')", "index('b')", "count('a')", "title()",
               "capitalize()", "swapcase()", "casefold()", "center(11, '*')", "ljust(8, '.')", "rjust(8)",
               "zfill(6)", "partition(',')", "rpartition(',')", "isdigit()", "isalpha()", "isalnum()",
               "isspace()", "islower()", "isupper()", "istitle()", "isnumeric()", "isdecimal()", "isidentifier()",
               "removeprefix('a')", "removesuffix('c')", "expandtabs(4)", "join(['x', 'y'])", "format(1, 2)",
               "encode('utf-8')", "__len__()", "strip('a')", "split(' ')", "splitlines(true)"]
STR_METHOD_INPUTS = ["'abc'", "'a,b,,c'", "' Mixed Case '", "''", "'123'", "'x\\ty\\nz'", "'{}-{}'", "'ab ab'",
                     "'ß'", "'Title Case'", "'snake_case_name'"]
for m in STR_METHODS:
    for value in rng.sample(STR_METHOD_INPUTS, 3):
        add("method", sql(f"{value}.{m}"))
LIST_METHODS = ["append(4)", "extend([5])", "pop()", "pop(0)", "insert(0, 'z')", "remove(1)", "reverse()",
                "sort()", "index(2)", "count(1)", "copy()", "clear()"]
for m in LIST_METHODS:
    for value in ["[1, 2, 3]", "[3, 1, 2, 1]", "[]"]:
        add("method", f"{{% set l = {value} %}}{{% set r = l.{m} %}}select '{{{{ l }}}}' as l, '{{{{ r }}}}' as r")
DICT_METHODS = ["keys()", "values()", "items()", "get('a')", "get('z', 0)", "get('z')", "pop('a')",
                "pop('z', 'd')", "setdefault('c', 3)", "update({'c': 9})", "copy()", "keys() | list",
                "items() | list", "values() | sum", "__contains__('a')", "popitem()"]
for m in DICT_METHODS:
    for value in ["{'a': 1, 'b': 2}", "{}", "{2: 'two', 1: 'one'}"]:
        add("method", f"{{% set d = {value} %}}{{% set r = d.{m} %}}select '{{{{ d }}}}' as d, '{{{{ r }}}}' as r")

# 9. Python formats: .format specs and conversions.
FORMAT_SPECS = ["{}", "{!r}", "{!s}", "{:>8}", "{:<8}|", "{:^8}", "{:*^9}", "{:08.3f}", "{:,}", "{:_}", "{:x}",
                "{:X}", "{:o}", "{:b}", "{:#x}", "{:e}", "{:.2e}", "{:g}", "{:%}", "{:.1%}", "{:+}", "{: }",
                "{0}{0}", "{a}", "{:5}|", "{:.3}", "{:c}", "{:d}", "{:n}", "{:.0f}"]
FORMAT_ARGS = ["42", "3.14159", "'txt'", "false", "true", "none", "-17", "1234567.891", "[1]", "0.5", "2 ** 70"]
for spec in FORMAT_SPECS:
    for value in rng.sample(FORMAT_ARGS, 3):
        args = f"a={value}" if spec == "{a}" else value
        add("format", sql(f"'{spec}'.format({args})"))

# 10. Numbers: arithmetic, big integers, float printing, rounding.
NUMBER_EXPRS = ["2 ** 64", "2 ** 63 - 1 + 1", "-(2 ** 64)", "2 ** 64 // 3", "2 ** 64 % 7", "(2 ** 64) * (2 ** 64)",
                "(2 ** 64) / 2", "9223372036854775807 + 1", "-9223372036854775808 - 1", "10 ** 30 - 10 ** 29",
                "(10 ** 20) | string | length", "(2 ** 64) | int", "'18446744073709551616' | int", "2 ** 64 > 1e19",
                "2 ** 64 == 18446744073709551616", "1e16 - 42", "0.1 * 3", "1 / 7", "22 / 7 * 7", "2.675 | round(2)",
                "(0.1 + 0.2) | round(15)", "1e300 * 1e10", "-1e300 * 1e10", "5 // 0.3", "5 % 0.3", "1 // 1.0",
                "3 / 1", "4.0", "1e15", "1e16", "123456789012345678.0", "0.00001", "0.0001", "-0.0",
                "1.7976931348623157e308", "5e-324", "(2 ** 53 + 1) * 1.0", "100 | float", "'1e3' | float",
                "'  12 ' | int", "'1_000' | int", "'0b101' | int(0, 2)", "'077' | int(base=8)", "'12.7' | int",
                "'abc' | int", "'abc' | float", "true + 1", "3 * 'ab'", "[0] * 3", "7 // -2", "-7 % 2.5",
                "2 ** 3 ** 2", "-2 ** 2", "(-2) ** 2", "10 ** -2", "0 ** 0", "abs(-3)" , "1 if 0.0 else 2",
                "1 < 2 < 3", "1 == 1.0", "'1' == 1", "0x1F + 0o17 + 0b101", "1_000_000", "0.1_5", "1.", ".5",
                "12345678901234567890 / 10", "2 ** 64 + 0.5", "range(2 ** 64, 2 ** 64 + 2) | list",
                "(2 ** 64) is number", "(2 ** 64) is integer", "(2 ** 64) is even", "[2 ** 64] | sum"]
for expr in NUMBER_EXPRS:
    add("number", sql(expr))

# 11. Escaping and Markup.
MARKUP = ["'<a>' | e", "('<a>' | e) | length", "('<a>' | e) is escaped", "'<a>' is escaped", "'<a>' | e | e",
          "('<a>' | e) ~ '<b>'", "('<a>' | e) + '<b>'", "'&' | e | upper", "('<a>' | e).upper()",
          "('<a>' | e) | replace('a', '<x>')", "'<a>' | safe | e", "('<a>' | e) | string", "['<a>' | e]",
          "{'k': '<a>' | e}", "('%s' | e) % '<b>'", "'\"q\"' | e", "\"'\" | e", "('<a>' | e) | join",
          "['<', '>'] | join | e", "('x' | e) == 'x'", "('<a>' | e)[1:]", "('<a>' | e) | list",
          "('<a>' | e) | striptags", "('a<b' | e).split('&')", "('<a>' | e) | urlencode", "none | e",
          "5 | e", "('<a>' | e) | wordcount", "('<a>' | e) | trim", "'<a>' | forceescape | forceescape",
          "('ab' | e) * 2", "('<a>' | e) | format", "'{}' .format('<a>' | e)", "('{}' | e).format('<a>')",
          "(('<a>' | e) | tojson)", "'<a>' | tojson"]
for expr in MARKUP:
    add("markup", sql(expr))

# 12. Unicode and escapes in literals.
for literal in ["'\\u00e9'", "'\\U0001F600'", "'\\x41'", "'\\N{BULLET}'", "'\\101'", "'a\\\\b'", "'\\''",
                "\"\\\"\"", "'\\t|'", "'\\r\\n'", "'\\z'", "r'\\n'", "'é' | length", "'\\u00e9' | upper",
                "'ß' | upper", "'İ' | lower | length", "'😀' | length", "'naïve'[2]", "'\\u00e9' == 'é'",
                "'a\\\nb'"]:
    add("unicode", sql(literal))

# 13. Whitespace control and model whitespace (no empty file: dbt makes no model of one).
WS_BODIES = ["select 1", "\n\nselect {{ 1 }}  \n\n", "  select {{ 'a' }}\n", "select\n{%- if true %}\n  1\n{%- endif %}",
             "select {% if true -%}  1  {%- endif %} as x", "{# comment #}\nselect 1", "{#- c -#}\n select 1 \n",
             "select 1\n{% set x = 1 %}\n\n", "{% for i in range(2) %}\nselect {{ i }}\n{% endfor %}",
             "{% for i in range(2) -%}\nselect {{ i }}\n{%- endfor %}", "\r\nselect 1\r\n",
             "select 1\r\nunion all\r\nselect 2", "select 'no jinja'  \n\n", "\tselect {{ 1 }}\t",
             "select {{- ' x ' -}} as y", "select {%+ if true %} 1 {%+ endif %}", "{% if true %}\n  select 1\n{% endif %}\n",
             "select 1 -- {{ 'comment' }}\n", "{%- set a = 1 -%}\n\nselect {{ a }}\n\n",
             "{{ '' }}", "   {{ ' padded ' }}   ", "{% macro m() %}\n  x\n{% endmacro %}\nselect '{{ m() }}'"]
for body in WS_BODIES:
    add("whitespace", body)
for a in ["", "-", "+"]:
    for b in ["", "-", "+"]:
        add("whitespace", f"select\n  {{%{a} if true {b}%}}\n    1\n  {{%{a} endif {b}%}}\n  as v")
        add("whitespace", f"select\n  {{{{{a} 1 {b}}}}}\n  as v")

# 14. Raw blocks.
for raw in ["{% raw %}{{ x }}{% endraw %}", "a {% raw %} {{ x }} {% endraw %} b", "a {%- raw %} x {% endraw -%} b",
            "a {% raw %} x {%+ endraw %} b", "a {% raw %} x {%- endraw %} b", "{% raw %}{% if %}{% endraw %}",
            "select '{% raw %}{{ not rendered }}{% endraw %}' as v", "{%raw%}x{%endraw%}"]:
    add("raw", raw)

# 15. dbt's context functions.
DBT = ["zip([1, 2], ['a', 'b']) | list", "zip([1, 2, 3], 'ab') | list", "zip() | list", "zip(1, 2)",
       "set([3, 1, 3]) | sort", "set([1, 2]) | length", "set(1)", "set('aba') | sort | join",
       "fromjson('{\"a\": [1, 2.5, null, true]}')", "fromjson('[1, 2]')[1]", "fromjson('not json')",
       "fromjson('not json', 'dflt')", "tojson({'b': 1, 'a': [1, none]})", "tojson('é')", "tojson(2 ** 64)",
       "tojson({'k': 1.5})", "tojson(set([1]))", "fromyaml('a: 1\\nb: [x, y]')", "fromyaml('- 1\\n- two')",
       "fromyaml('a: yes')", "fromyaml('d: 2024-01-01')", "toyaml({'a': 1, 'b': [1, 2]})", "toyaml([1, 'x'])",
       "toyaml({'b': none, 'a': 'x y'})", "modules.re.sub('[0-9]+', '#', 'a1b22')",
       "modules.re.match('a(b)', 'abc').group(1)", "modules.re.search('z', 'abc')",
       "modules.re.findall('[a-c]', 'abcxa')", "modules.re.split(',\\\\s*', 'a, b,c')",
       "modules.re.compile('x+').sub('y', 'axxb')", "modules.re.IGNORECASE is defined",
       "modules.re.search('B', 'abc', modules.re.IGNORECASE).group(0)",
       "modules.re.fullmatch('[a-z]+', 'abc') is not none", "modules.re.escape('a.b')",
       "modules.itertools.chain([1], [2]) | list", "modules.itertools.product([1, 2], 'ab') | list",
       "modules.itertools.combinations([1, 2, 3], 2) | list", "modules.itertools.permutations('ab') | list",
       "modules.itertools.islice(range(10), 3) | list", "modules.itertools.repeat('x', 2) | list",
       "modules.itertools.accumulate([1, 2, 3]) | list", "modules.itertools.count is defined",
       "var('diff_str')", "var('diff_list')", "var('diff_dict')", "var('diff_num') + 1", "var('nope', 'dflt')",
       "var('nope')", "var('diff_dict').k", "var('diff_list') | join(',')", "env_var('WH_DIFF_NOT_SET', 'fallback')",
       "env_var('WH_DIFF_NOT_SET')", "env_var('WH_DIFF_NOT_SET', 3) + 1", "target.name", "target.schema",
       "target.type", "target.database", "target.dbname", "target.threads", "target.profile_name", "this",
       "this.name", "this.identifier", "this.schema", "this.database", "this.table", "this is string",
       "this | string", "this.render()", "ref('base_model')", "ref('base_model').identifier",
       "ref('base_model') | string | length", "ref('base_model').schema", "source('raw', 'events')",
       "source('raw', 'events').name", "source('raw', 'events').identifier", "config.get('materialized')",
       "config.get('unset_key', 'dflt')", "config.get('alias')", "log('hello')", "log('hello', info=true)",
       "project_name", "model.name", "model.unique_id", "model.resource_type", "execute", "flags.FULL_REFRESH",
       "exceptions.warn('w')", "is_incremental()", "modules.datetime.date(2024, 1, 2)",
       "modules.datetime.date(2024, 1, 2).isoformat()", "modules.datetime.datetime(2024, 1, 2, 3, 4).strftime('%Y%m%d %H')",
       "(modules.datetime.date(2024, 3, 1) - modules.datetime.timedelta(days=1)).day",
       "modules.datetime.timedelta(hours=25)", "modules.datetime.date(2024, 1, 2) | string",
       "return is defined", "adapter.quote('x')", "api is defined", "dbt_version is string",
       "local_md5('abc')", "invocation_id is string", "run_started_at is defined", "builtins is defined",
       "modules.pytz is defined", "print('x')", "diff_ret(var('diff_num'))"]
for expr in DBT:
    add("dbt", sql(expr))
for use in ["select * from {{ ref('base_model') }}", "select * from {{ source('raw', 'events') }} where 1 = 1",
            "{{ config(materialized='table') }}select 1", "{{ config(materialized='view', tags=['a']) }}\nselect '{{ config.get('materialized') }}'",
            "{{ config(alias='other_alias') }}select '{{ this.identifier }}'", "{% if execute %}select 1{% else %}select 0{% endif %}",
            "{% do log('x') %}select 1", "{% set cols = ['a', 'b'] %}select {{ cols | join(', ') }} from {{ ref('base_model') }}",
            "with b as (select * from {{ ref('base_model') }})\nselect {% for c in ['id', 'name'] %}{{ c }}{% if not loop.last %}, {% endif %}{% endfor %} from b",
            "{% set r = ref('base_model') %}select '{{ r.database }}.{{ r.schema }}.{{ r.identifier }}'",
            "select {{ var('diff_num') * 2 }} as doubled", "select '{{ target.name }}_{{ target.schema }}'",
            "{% if target.name == 'dev' %}select 'dev'{% else %}select 'prod'{% endif %}",
            "{% set payload = fromjson('{\"a\": 1}') %}select {{ payload.a }}", "{{ return('x') }}",
            "select {{ adapter.quote('col') }}"]:
    add("dbt", use)

# 16. Miscellaneous expressions: slicing, comparisons, conditional, concatenation, attribute access.
MISC_EXPRS = ["'abcdef'[1:4]", "'abcdef'[::-1]", "'abcdef'[-2:]", "[1, 2, 3][::2]", "[1, 2, 3][-1]", "'abc'[5:]",
              "(1, 2) + (3,)", "[1] + [2]", "'a' ~ 1 ~ none", "'a' + 'b'", "'a' * 3", "1 in [1]", "'b' in 'abc'",
              "'k' in {'k': 1}", "not 'x' in 'y'", "'x' not in 'y'", "1 if true else 2", "'y' if none else 'n'",
              "[1, 2] == [1, 2]", "(1, 2) == [1, 2]", "{'a': 1} == {'a': 1}", "none == none", "'a' < 'b'",
              "[1, 2] < [1, 3]", "true and 'x'", "0 or ''", "'' or none", "[] or {}", "1 and 0", "not []",
              "{'a': {'b': 1}}.a.b", "{'a': [1, 2]}['a'][1]", "{'keys': 1}['keys']",
              "[1, 2, 3] | batch(2) | map('sum') | list", "range(3) | map('string') | join('-')",
              "'%s and %s' % ('a', 'b')", "'%(x)s' % {'x': 1}", "'abc' ~ [1]", "(1,)", "()", "[]", "{}", "[none]",
              "[1.0, 2.50, 1e20, 1e-7]", "{'a': 'it\\'s'}", "[\"a'b\", 'a\"b', 'a\\'b\"c']", "['\\n', '\\t', '\\\\']",
              "['é', '\\x00', '\\x7f', '\\u200b']", "{'a': none, 'b': true}", "(('a', 1),)", "[range(2)]",
              "[{'a': 1}.keys()]", "[{'a': 1}.items()]", "dict(a=1, b=2)", "dict(a=1) | list", "lipsum is defined",
              "range(5)[1:3]", "range(0)", "range(1, 5, 2)", "range(5, 0, -1) | list", "list('abc')",
              "'abc' | list | join('.')", "[1, 2] | join", "'%.2f' | format(2.675)", "'%.1f' % 0.25", "'%.0f' % 2.5",
              "'%5.1f|' % -0.05", "'{}' is string"]
for expr in MISC_EXPRS:
    add("misc", sql(expr))

# 17. Filter blocks, do, comments, nested structures the kinds of macros packages write.
for body in ["{% filter upper %}abc {{ 'd' }}{% endfilter %}", "{% filter trim | replace(' ', '_') %}  a b  {% endfilter %}",
             "{% filter indent(4) %}a\nb{% endfilter %}", "{% set l = [] %}{% do l.append(1) %}{% do l.extend([2, 3]) %}{{ l }}",
             "{% set d = {} %}{% do d.update({'a': 1}) %}{{ d }}", "{% do 1 + 1 %}x", "{# {{ not rendered }} #}select 1",
             "{% set c = cycler('a', 'b') %}{{ c.next() }}{{ c.next() }}{{ c.next() }}{{ c.current }}",
             "{% set j = joiner(' and ') %}{% for x in [1, 2, 3] %}{{ j() }}x = {{ x }}{% endfor %}",
             "{% set c = cycler() %}{{ c.current }}", "{% set j = joiner() %}{{ j() }}{{ j() }}",
             "{% for row in [{'id': 1, 'v': 'a'}, {'id': 2, 'v': none}] %}select {{ row.id }} as id, {{ \"'\" ~ row.v ~ \"'\" if row.v else 'null' }} as v{% if not loop.last %}\nunion all\n{% endif %}{% endfor %}",
             "{%- set columns = {'id': 'int', 'name': 'text'} -%}\nselect\n{%- for name, type in columns.items() %}\n  cast({{ name }} as {{ type }}){{ ',' if not loop.last }}\n{%- endfor %}\nfrom t",
             "{% set parts = 'a.b.c'.split('.') %}select '{{ parts[-1] }}', {{ parts | length }}",
             "{% set s = 'abc' %}{% set s = s ~ 'd' %}{{ s }}", "{% if 1 %}a{% elif 2 %}b{% else %}c{% endif %}",
             "{% if false %}a{% elif none %}b{% endif %}x", "{% set x = 1 %}{% if x == 1 %}{% set x = 2 %}{% endif %}{{ x }}"]:
    add("blocks", body)

# 18. Errors dbt reports: syntax errors and bad calls (wh must refuse them too).
for bad in ["{{ 1 + }}", "{% if true %}x", "{% endif %}", "{{ 'a' | nosuchfilter }}", "{{ 1 is nosuchtest }}",
            "{% for %}{% endfor %}", "{{ 'abc'.nosuchmethod() }}", "{{ exceptions.raise_compiler_error('boom') }}",
            "{{ 1 / 0 }}", "{{ 1 // 0 }}", "{{ 1 % 0 }}", "{{ [1, 2] | join(1) }}", "{{ {} | first }}",
            "{{ 'a' + 1 }}", "{{ 1 + 'a' }}", "{{ [1] + (2,) }}", "{{ 'abc'[1.5] }}", "{{ {'a': 1}[[1]] }}",
            "{{ none.x }}", "{{ none() }}", "{{ 'a'.split(1) }}", "{{ ref('no_such_model') }}",
            "{{ source('raw', 'nope') }}", "{{ var() }}", "{% macro %}{% endmacro %}", "{{ 'x' | int('a') }}",
            "{{ {1: 2} | dictsort(by='x') }}", "{{ [1, 'a'] | sort }}", "{{ [1, 'a'] | max }}", "{% set 1 = 2 %}",
            "{{ foo(}}", "{% break %}", "{{ 1 < 'a' }}", "{{ 'x'.format(**1) }}", "{{ '%d' % 'a' }}",
            "{{ '%s %s' % ('a',) }}", "{{ '{}{}'.format(1) }}", "{{ '{:d}'.format('a') }}", "{{ [] | random }}",
            "{{ 'a' is divisibleby(2) }}"]:
    add("error", bad)


def main() -> None:
    cases = [{"name": f"t{index:04d}_{family}", "template": text} for index, (family, text) in enumerate(templates)]
    path = pathlib.Path(__file__).with_name("templates.json")
    path.write_text(json.dumps(cases, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(cases)} templates")


if __name__ == "__main__":
    main()
