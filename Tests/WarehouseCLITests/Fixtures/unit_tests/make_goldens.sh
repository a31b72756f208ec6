#!/bin/sh
# Runs dbt-core 1.11.16 on ./project and records each unit test's status and message in expected.json.
# Usage: UNIT_PORT=<port of a Postgres 15 with user postgres> DBT=<path to dbt> ./make_goldens.sh
# The models are built first (`dbt run`), so every unit test's inputs exist, then `dbt test` runs the unit
# tests one by one (`dbt build` would skip the unit tests of a model after its first failing one).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$here/project/." "$work/"
export DBT_SEND_ANONYMOUS_USAGE_STATS=False DBT_VERSION_CHECK=False UNIT_DB=unit_goldens
psql -h 127.0.0.1 -p "$UNIT_PORT" -U postgres -qc "drop database if exists unit_goldens" -c "create database unit_goldens"
cd "$work"
"$DBT" seed --profiles-dir . >/dev/null
"$DBT" run --profiles-dir . >/dev/null
"$DBT" test --profiles-dir . --select test_type:unit >/dev/null || true
python3 - "$work/target/run_results.json" "$here/expected.json" <<'PY'
import json, re, sys
results = json.load(open(sys.argv[1]))["results"]
ansi = re.compile(r"\x1b\[[0-9;]*m")
out = {}
for result in results:
    name = result["unique_id"].split(".")[-1]
    out[name] = {"status": result["status"], "message": ansi.sub("", result.get("message") or "")}
json.dump(out, open(sys.argv[2], "w"), indent=2, sort_keys=True, ensure_ascii=False)
open(sys.argv[2], "a").write("\n")
PY
