#!/usr/bin/env python3
"""Generates a dbt-compatible project of N models for compile and run benchmarks.

Usage: generate_project.py N OUTDIR

The output depends only on N: the same N always gives byte-identical files. The project is
plain dbt (a `dbt_project.yml`, no `project.yml`), so `wh compile` and `dbt parse` read the same
files. Every model is a view selecting `id, value` (integers) and is valid Postgres:

- models live in 10 folders (`folder_00` .. `folder_09`), in contiguous blocks of ids;
- models 0..9 select from the seed `bench_seed`; every later model refs 1 to 3 earlier models;
- models use 4 macros (some with default arguments, one calling another), some have a
  `{% set %}` list and a `for` loop, some a `config()` call, some a `var()`;
- each folder has a `schema.yml` with `unique` and `not_null` tests on `id` for half its models.

Postgres expands nested views when a view is queried, so a model's parents are chosen to keep
the number of relations one query expands to at most EXPANSION_CAP: data tests on the deepest
views stay cheap to plan however large N is.
"""
import os
import random
import sys

FOLDERS = 10
ROOTS = 10
SEED_ROWS = 100
EXPANSION_CAP = 64
RECENT_WINDOW = 200
MODULUS = 1000003
MARKER = ".generated-by-wh-bench"
RANDOM_SEED = 20261123

PROJECT_YML = """\
name: 'bench_project'
version: '1.0.0'
config-version: 2

profile: 'bench'

model-paths: ["models"]
seed-paths: ["seeds"]
macro-paths: ["macros"]

vars:
  bench_factor: 3

models:
  bench_project:
    +materialized: view
    +tags: ['bench']
"""

MACROS = {
    "bounded.sql": """\
{# Keeps a value expression below the modulus so deep chains of views never overflow. #}
{% macro bounded(expression, modulus=MODULUS) -%}
    (({{ expression }}) % {{ modulus }})
{%- endmacro %}
""".replace("MODULUS", str(MODULUS)),
    "scaled.sql": """\
{% macro scaled(column_name, factor=1) -%}
    {{ bounded(column_name ~ ' * ' ~ factor) }}
{%- endmacro %}
""",
    "safe_add.sql": """\
{% macro safe_add(left, right, default=0) -%}
    {{ bounded('coalesce(' ~ left ~ ', ' ~ default ~ ') + coalesce(' ~ right ~ ', ' ~ default ~ ')') }}
{%- endmacro %}
""",
    "id_filter.sql": """\
{% macro id_filter(column_name='id', min_id=0) -%}
    {{ column_name }} >= {{ min_id }}
{%- endmacro %}
""",
}


def model_name(index):
    return "m_%05d" % index


def folder_of(index, count):
    return "folder_%02d" % (index * FOLDERS // count)


class ParentPicker:
    """Picks 1-3 distinct earlier models, mostly recent ones, within the expansion cap.

    A model with k parents may only use parents expanding to at most (EXPANSION_CAP - 1) // k
    relations, so its own expansion (itself plus its parents') never passes the cap.
    """

    def __init__(self, rng):
        self.rng = rng
        self.expansion = []
        self.eligible = {wanted: [] for wanted in (1, 2, 3)}

    def add(self, index, expansion):
        self.expansion.append(expansion)
        for wanted, pool in self.eligible.items():
            if expansion <= (EXPANSION_CAP - 1) // wanted:
                pool.append(index)

    def pick(self):
        wanted = self.rng.randint(1, 3)
        pool = self.eligible[wanted]
        parents = []
        for _ in range(12):
            if len(parents) == wanted:
                break
            back = min(int(self.rng.expovariate(1 / 40)), len(pool) - 1, RECENT_WINDOW - 1)
            candidate = pool[len(pool) - 1 - back]
            if candidate not in parents:
                parents.append(candidate)
        return parents, 1 + sum(self.expansion[parent] for parent in parents)


def root_sql(index):
    factor = index % 5 + 1
    return """\
select
    id,
    {{{{ scaled('value', {factor}) }}}} as value
from {{{{ ref('bench_seed') }}}}
""".format(factor=factor)


def single_parent_sql(index, parent):
    style = index % 4
    if style == 0:
        return """\
{{{{ config(materialized='view', tags=['single']) }}}}

select
    id,
    {{{{ scaled('value') }}}} as value
from {{{{ ref('{parent}') }}}}
where {{{{ id_filter() }}}}
""".format(parent=model_name(parent))
    if style == 1:
        return """\
{{% set weights = [2, 3, 5] %}}

select
    id,
    (
    {{%- for weight in weights %}}
        {{{{ scaled('value', weight) }}}}{{% if not loop.last %}} +{{% endif %}}
    {{%- endfor %}}
    ) % {modulus} as value
from {{{{ ref('{parent}') }}}}
""".format(parent=model_name(parent), modulus=MODULUS)
    if style == 2:
        return """\
select
    id,
    {{{{ scaled('value', var('bench_factor')) }}}} as value
from {{{{ ref('{parent}') }}}}
where {{{{ id_filter('id', {min_id}) }}}}
""".format(parent=model_name(parent), min_id=index % 3)
    return """\
-- model {index}: a straight projection
select id, value
from {{{{ ref('{parent}') }}}}
""".format(index=index, parent=model_name(parent))


def multi_parent_sql(index, parents):
    # A macro's result is a string, so calls nest: safe_add(safe_add('p0.value', 'p1.value'), 'p2.value').
    expression = "'p0.value'"
    for position in range(1, len(parents)):
        expression = "safe_add({inner}, 'p{position}.value')".format(inner=expression, position=position)
    value = "{{ " + expression + " }}"
    lines = []
    if index % 3 == 0:
        lines.append("{{ config(tags=['joined']) }}")
        lines.append("")
    lines.append("select")
    lines.append("    p0.id,")
    lines.append("    {value} as value".format(value=value))
    lines.append("from {{{{ ref('{name}') }}}} as p0".format(name=model_name(parents[0])))
    for position, parent in enumerate(parents[1:], start=1):
        lines.append(
            "left join {{{{ ref('{name}') }}}} as p{position} on p0.id = p{position}.id".format(
                name=model_name(parent), position=position
            )
        )
    return "\n".join(lines) + "\n"


def schema_yml(names):
    lines = ["version: 2", "", "models:"]
    for name in names:
        lines.append("  - name: {name}".format(name=name))
        lines.append("    columns:")
        lines.append("      - name: id")
        lines.append("        data_tests:")
        lines.append("          - unique")
        lines.append("          - not_null")
    return "\n".join(lines) + "\n"


def seed_csv():
    rows = ["id,value"]
    for row in range(1, SEED_ROWS + 1):
        rows.append("{id},{value}".format(id=row, value=(row * 7919) % 1000))
    return "\n".join(rows) + "\n"


def prepare(outdir):
    if os.path.isdir(outdir) and os.listdir(outdir):
        if not os.path.exists(os.path.join(outdir, MARKER)):
            sys.exit("refusing to write into non-empty %s: it was not made by this generator" % outdir)
    os.makedirs(outdir, exist_ok=True)
    write(os.path.join(outdir, MARKER), "")


# Files written by this run. A regenerated project keeps its unchanged files and loses only the ones this N
# does not make: deleting thousands of files and creating them again makes later file creation slow on an ext4
# without a journal, which would then be timed as part of `wh compile`.
written = set()


def write(path, text):
    written.add(os.path.abspath(path))
    if os.path.exists(path):
        with open(path, newline="\n") as handle:
            if handle.read() == text:
                return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="\n") as handle:
        handle.write(text)


def remove_stale(outdir):
    for entry in ("models", "macros", "seeds"):
        for folder, _, files in os.walk(os.path.join(outdir, entry)):
            for name in files:
                path = os.path.abspath(os.path.join(folder, name))
                if path not in written:
                    os.remove(path)


def generate(count, outdir):
    rng = random.Random(RANDOM_SEED)
    prepare(outdir)
    write(os.path.join(outdir, "dbt_project.yml"), PROJECT_YML)
    write(os.path.join(outdir, "seeds", "bench_seed.csv"), seed_csv())
    for file_name, text in MACROS.items():
        write(os.path.join(outdir, "macros", file_name), text)

    picker = ParentPicker(rng)
    tested = {}
    edges = 0
    for index in range(count):
        if index < ROOTS:
            sql = root_sql(index)
            picker.add(index, 2)
        else:
            parents, expansion = picker.pick()
            picker.add(index, expansion)
            edges += len(parents)
            sql = single_parent_sql(index, parents[0]) if len(parents) == 1 else multi_parent_sql(index, parents)
        folder = folder_of(index, count)
        write(os.path.join(outdir, "models", folder, model_name(index) + ".sql"), sql)
        if index % 2 == 0:
            tested.setdefault(folder, []).append(model_name(index))
    for folder, names in sorted(tested.items()):
        write(os.path.join(outdir, "models", folder, "schema.yml"), schema_yml(names))
    remove_stale(outdir)
    tests = 2 * sum(len(names) for names in tested.values())
    print("generated %d models, %d refs between models, %d data tests in %s" % (count, edges, tests, outdir))


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: generate_project.py N OUTDIR")
    try:
        count = int(sys.argv[1])
    except ValueError:
        sys.exit("N must be an integer, got %r" % sys.argv[1])
    if count < 1:
        sys.exit("N must be at least 1")
    generate(count, sys.argv[2])


if __name__ == "__main__":
    main()
