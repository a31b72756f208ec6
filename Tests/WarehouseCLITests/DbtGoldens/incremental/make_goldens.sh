#!/usr/bin/env bash
# Writes expected/round1 and expected/round2: the rows of every model of project/ as dbt-core 1.11.16 with
# dbt-postgres 1.11.0 builds them, on a throwaway Postgres 15 this script starts and removes.
#
# The steps, which DbtIncrementalGoldenTests repeats with wh on the same data:
#   round1: round1.sql, then `run`;
#   round2: round2.sql, then `run`, then `run --select events_yearly --event-time-start 2021-01-01
#           --event-time-end 2023-01-01` (the microbatch model's batches are years; a plain second run only rebuilds
#           the current year and the one before, so the range reprocesses the years the new rows fall in).
# After each round every model's rows are written one per line as Postgres prints a row (`t::text`), sorted.
#
# Usage: make_goldens.sh   (DBT_VENV names the venv holding dbt; default /work/venv-dbt)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=${DBT_VENV:-/work/venv-dbt}
"$venv/bin/dbt" --version | grep -q "installed: 1.11.16" || { echo "need dbt-core 1.11.16 in $venv" >&2; exit 1; }
bindir=$(pg_config --bindir)
work=$(mktemp -d)
chmod 755 "$work"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres "$work"; fi
as_postgres "$bindir/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_postgres "$bindir/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
    -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c timezone=UTC" start >/dev/null
trap 'as_postgres "$bindir/pg_ctl" -D "$work/data" -m immediate stop >/dev/null; rm -rf "$work"' EXIT

run_psql() { psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q "$@"; }
mkdir "$work/project"
cp -r "$here/project/." "$work/project/"
export GOLDEN_PGHOST=127.0.0.1 GOLDEN_PGPORT=$port DBT_PROFILES_DIR="$work/project"
export DBT_SEND_ANONYMOUS_USAGE_STATS=False DBT_VERSION_CHECK=False
dbt() { (cd "$work/project" && "$venv/bin/dbt" "$@" --target-path "$work/target" --log-path "$work/logs" >/dev/null); }
dump() {
    mkdir -p "$here/expected/$1"
    for model in orders_merge customer_totals events_append events_yearly; do
        run_psql -At -c "select t::text from public.$model t" | LC_ALL=C sort >"$here/expected/$1/$model.txt"
    done
}

run_psql -f "$here/round1.sql"
dbt run
dump round1
run_psql -f "$here/round2.sql"
dbt run
dbt run --select events_yearly --event-time-start 2021-01-01 --event-time-end 2023-01-01
dump round2
cp "$work/target/run_results.json" "$work/last_run_results.json"
echo "goldens written to $here/expected"
