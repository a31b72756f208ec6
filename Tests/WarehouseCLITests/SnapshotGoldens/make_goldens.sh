#!/usr/bin/env bash
# Makes expected/<round>/<table>.csv with real dbt-core 1.11.16 (dbt-postgres 1.11.0): a throwaway Postgres, the
# project in project/, and three rounds of seed data (rounds/<n>/*.csv). Each round seeds the data, records the
# run's start in golden_runs, runs `dbt snapshot`, and writes each table of tables.txt through normalize.sql.
# SnapshotGoldenTests runs `wh seed` and `wh snapshot` the same way and compares.
#   DBT_VENV   the virtualenv with dbt (default /work/venv-dbt)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=${DBT_VENV:-/work/venv-dbt}
"$venv/bin/dbt" --version | grep -q "installed: 1.11.16" || { echo "needs dbt-core 1.11.16 in $venv" >&2; exit 1; }
export DBT_SEND_ANONYMOUS_USAGE_STATS=False DBT_VERSION_CHECK=False

work=$(mktemp -d)
chmod 755 "$work"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir "$work/data" "$work/socket"
if [ "$(id -u)" = 0 ]; then chown postgres "$work/data" "$work/socket"; fi
as_postgres initdb -D "$work/data" -A trust -U postgres >/dev/null
port=$((20000 + RANDOM % 20000))
as_postgres pg_ctl -D "$work/data" -l "$work/data/log" -w \
    -o "-p $port -k $work/socket -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
trap 'as_postgres pg_ctl -D "$work/data" -m immediate stop >/dev/null; rm -rf "$work"' EXIT
psql=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres)
"${psql[@]}" -d postgres -c "create database snapgold"
"${psql[@]}" -d snapgold -f "$here/normalize.sql"

cp -r "$here/project" "$work/project"
cat > "$work/project/profiles.yml" <<PROFILE
snapgold:
  target: dev
  outputs:
    dev: {type: postgres, host: 127.0.0.1, port: $port, user: postgres, password: "", dbname: snapgold, schema: public, threads: 1}
PROFILE
cd "$work/project"
for round in 1 2 3; do
    cp "$here/rounds/$round/"*.csv seeds/
    "$venv/bin/dbt" seed --full-refresh --profiles-dir . > "$work/seed-$round.log" 2>&1 || { cat "$work/seed-$round.log"; exit 1; }
    "${psql[@]}" -d snapgold -c "insert into golden_runs values ($round, clock_timestamp())"
    "$venv/bin/dbt" snapshot --profiles-dir . > "$work/dbt-$round.log" || { cat "$work/dbt-$round.log"; exit 1; }
    mkdir -p "$here/expected/$round"
    while read -r table scd updated_at; do
        "${psql[@]}" -d snapgold -At -c "select * from golden_rows('$table', '$scd', '$updated_at')" \
            > "$here/expected/$round/$table.csv"
    done < "$here/tables.txt"
done
echo "goldens written to $here/expected"
