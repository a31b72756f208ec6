#!/usr/bin/env bash
# Runs the pinned dbt (the baseline `wh` is measured against) with a throwaway profiles.yml.
#
#   bench/dbt.sh parse --no-partial-parse --project-dir bench/out/project_1000
#
# The venv lives in bench/.venv (gitignored; override with DBT_VENV) and is created on first use.
# The profile is named $DBT_PROFILE (default `bench`, the generated projects' profile) and points
# at $WH_BENCH_DATABASE_URL (postgres://user:password@host:port/dbname), else at
# postgres@127.0.0.1:5432/postgres, and builds into schema $DBT_SCHEMA (default public). `dbt parse`
# never connects, so any profile serves for parse; seed/run/test need the database to be up.
set -euo pipefail

bench_dir="$(cd "$(dirname "$0")" && pwd)"
venv="${DBT_VENV:-$bench_dir/.venv}"
dbt_core_version="1.11.16"
dbt_postgres_version="1.11.0"

export DBT_SEND_ANONYMOUS_USAGE_STATS=False DBT_VERSION_CHECK=False

if ! "$venv/bin/dbt" --version 2>/dev/null | grep -q "installed: $dbt_core_version"; then
    echo "dbt.sh: installing dbt-core $dbt_core_version + dbt-postgres $dbt_postgres_version into $venv" >&2
    python3 -m venv "$venv"
    # Unpinned, pip picks a dbt-postgres pre-release whose build needs a download that is not reachable.
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
        "dbt-core==$dbt_core_version" "dbt-postgres==$dbt_postgres_version" >&2
fi

profiles_dir="$(mktemp -d)"
trap 'rm -rf "$profiles_dir"' EXIT

"$venv/bin/python" - "$profiles_dir/profiles.yml" "${DBT_PROFILE:-bench}" "${WH_BENCH_DATABASE_URL:-}" \
    "${DBT_SCHEMA:-public}" <<'PY'
import json
import sys
from urllib.parse import unquote, urlparse

path, profile, url, schema = sys.argv[1:5]
parts = urlparse(url or "postgres://postgres@127.0.0.1:5432/postgres")
if parts.scheme not in ("postgres", "postgresql"):
    sys.exit("dbt.sh: WH_BENCH_DATABASE_URL must be a postgres:// URL")
output = {
    "type": "postgres",
    "host": parts.hostname or "127.0.0.1",
    "port": parts.port or 5432,
    "user": unquote(parts.username or "postgres"),
    "password": unquote(parts.password or ""),
    "dbname": parts.path.lstrip("/") or "postgres",
    "schema": schema,
    "threads": 4,
}
# JSON is YAML: no quoting rules to get wrong for passwords.
with open(path, "w") as handle:
    json.dump({profile: {"target": "bench", "outputs": {"bench": output}}}, handle, indent=2)
PY

DBT_PROFILES_DIR="$profiles_dir" "$venv/bin/dbt" "$@"
