"""Renders every call in calls.txt with real dbt-core and writes dbt_rendered.json, the goldens that
GlobalMacroGoldenTests compares wh's rendering with.

    PGHOST=127.0.0.1 PGPORT=55432 PGUSER=postgres /work/venv-dbt/bin/python render_with_dbt.py

Needs dbt-core 1.11.16 + dbt-postgres 1.11.0 and a throwaway Postgres (dbt compile connects; nothing is
written to it). Each call gets its own model, rendered only when `execute` is true so that a call that
raises fails at compile time instead of failing the parse. `dbt compile` stops at the first failing model,
so that model's error is recorded and the compile is run again without it. The markers around the call
keep dbt's stripping of a model's surrounding whitespace away from what the macro returned.
"""

import json
import os
import pathlib
import re
import tempfile

from dbt.cli.main import dbtRunner

HERE = pathlib.Path(__file__).resolve().parent
OPEN, CLOSE = "<<<", ">>>"


def calls():
    lines = (HERE / "calls.txt").read_text().splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def write_project(root, all_calls):
    (root / "models").mkdir(parents=True)
    (root / "dbt_project.yml").write_text(
        "name: globals\nversion: '1.0'\nprofile: globals\nconfig-version: 2\n")
    env = os.environ
    (root / "profiles.yml").write_text(
        "globals:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n"
        f"      host: {env.get('PGHOST', '127.0.0.1')}\n      port: {env.get('PGPORT', '55432')}\n"
        f"      user: {env.get('PGUSER', 'postgres')}\n      password: ''\n"
        f"      dbname: {env.get('PGDATABASE', 'postgres')}\n      schema: public\n      threads: 1\n")
    for index, call in enumerate(all_calls):
        text = f"{{% if execute %}}{OPEN}{{{{ {call} }}}}{CLOSE}{{% endif %}}"
        (root / "models" / f"call_{index:03d}.sql").write_text(text)


def main():
    os.environ.update(DBT_SEND_ANONYMOUS_USAGE_STATS="False", DBT_VERSION_CHECK="False")
    all_calls = calls()
    with tempfile.TemporaryDirectory() as work:
        root = pathlib.Path(work)
        write_project(root, all_calls)
        errors = {}
        while True:
            excluded = ["--exclude", *errors] if errors else []
            outcome = dbtRunner().invoke(
                ["compile", "--project-dir", str(root), "--profiles-dir", str(root), "--quiet", *excluded])
            if outcome.success:
                break
            message = str(outcome.exception)
            failed = re.search(r"in model (call_\d+)", message)
            assert failed and failed.group(1) not in errors, message
            after_header = message[failed.end():].split("\n")[1:]
            errors[failed.group(1)] = next(line.strip() for line in after_header if line.strip())
        compiled = {result.node.name: result.node.compiled_code for result in outcome.result.results}
    goldens = []
    for index, call in enumerate(all_calls):
        name = f"call_{index:03d}"
        if name in errors:
            goldens.append({"call": call, "error": errors[name]})
            continue
        sql = compiled[name]
        assert sql.startswith(OPEN) and sql.endswith(CLOSE), sql
        goldens.append({"call": call, "sql": sql[len(OPEN):-len(CLOSE)]})
    (HERE / "dbt_rendered.json").write_text(json.dumps(goldens, indent=2) + "\n")


if __name__ == "__main__":
    main()
