#!/usr/bin/env bash
# CSV ingest benchmark: `wh ingest csv` against `psql \copy`, on one server, same CSV, same column types.
#
#   bench/ingest_csv.sh                             # 1,000,000 rows
#   WH=path/to/wh WH_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres bench/ingest_csv.sh
#
# 1. `wh generate retail-history` writes the Online-Retail-shaped orders CSV of BENCH_INGEST_ROWS rows
#    (default 1,000,000, about 87 MB);
# 2. psql: `\copy` into a table created beforehand with the column types below (only the copy is timed);
# 3. wh: `wh ingest csv --source orders` of a project whose `ingest.csv` source names the same file and the
#    same column_types, into a bronze table dropped (with the ledger) before each run, so every run loads;
#    wh also checks every row, hashes the file for its ledger and adds _wh_file_id, _wh_line, _wh_loaded_at.
# Both run BENCH_RUNS times (default 3, median); after each run the table's row count and its sum of
# quantity and unit_price are checked against psql's. Prints a Markdown table, also written to
# bench/out/ingest_csv.md. Target: wh at least 0.90x psql's rows/s.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

wh="${WH:-.build/release/wh}"
rows="${BENCH_INGEST_ROWS:-1000000}"
runs="${BENCH_RUNS:-3}"
out="${BENCH_OUT:-$root/bench/out}"
wh_timeout="${BENCH_WH_TIMEOUT:-600}"
psql_timeout="${BENCH_PSQL_TIMEOUT:-600}"
source "$root/bench/lib.sh"

is_count "$rows" || fail "BENCH_INGEST_ROWS must be a positive integer, got '$rows'"
check_runs BENCH_RUNS "$runs"
require_wh
wh_has_command generate retail-history || fail "this wh cannot generate the orders CSV"
wh_has_command ingest csv || fail "this wh has no \`wh ingest csv\`"

work="$out/ingest_csv"
project="$work/project"
csv="$project/data/orders.csv"
rm -rf "$work"
mkdir -p "$project/data"
cat >"$project/project.yml" <<'YAML'
name: bench_ingest
ingest:
  csv:
    - name: orders
      path: data/orders.csv
      table: bench_ingest_wh.orders
      column_types: {quantity: integer, invoice_date: timestamp, unit_price: "numeric(10,2)"}
YAML
table_columns="invoice_no text, stock_code text, description text, quantity integer, invoice_date timestamp,
    unit_price numeric(10,2), customer_id text, country text"

timeout "$wh_timeout" "$wh" generate retail-history --rows "$rows" --output "$csv" >"$work/generate.log" 2>&1 ||
    fail "\`wh generate retail-history\` failed; see $work/generate.log"
[ "$(($(wc -l <"$csv") - 1))" -eq "$rows" ] || fail "$csv does not hold $rows rows"
bytes="$(wc -c <"$csv")"
echo "$bench_name: $rows rows, $bytes bytes in $csv" >&2

start_database
reset_psql_table() {
    sql "drop schema if exists bench_ingest_psql cascade; create schema bench_ingest_psql;
         create table bench_ingest_psql.orders ($table_columns)" >/dev/null
}
reset_wh_table() { sql "drop schema if exists bench_ingest_wh cascade; drop schema if exists wh_meta cascade" >/dev/null; }
reset_wh_table

# The check after each run: a loader that exits 0 having loaded nothing (or something else) must not look fast.
figures() { sql "select count(*) || ' ' || coalesce(sum(quantity), 0) || ' ' || coalesce(sum(unit_price), 0) from $1"; }
expected=""
check_table=""
check_figures() {
    local found
    found="$(figures "$check_table" 2>&1)" || { echo "$bench_name: cannot read $check_table: $found" >&2; return 1; }
    [ -z "$expected" ] && expected="$found"
    if [ "$found" != "$expected" ] || [ "${found%% *}" != "$rows" ]; then
        echo "$bench_name: $check_table holds (rows, sum quantity, sum unit_price) $found, expected $expected" >&2
        return 1
    fi
}

status=0
median_wall() {
    local result
    if result="$(measure_median "$@")"; then echo "$result"; else echo "failed -"; fi
}

echo "$bench_name: psql \\copy, $runs runs" >&2
check_table="bench_ingest_psql.orders"
read -r psql_wall psql_peak < <(BENCH_BEFORE_RUN=reset_psql_table BENCH_AFTER_RUN=check_figures median_wall \
    "$psql_timeout" "$runs" "$work/psql.log" \
    psql "$database_url" -X -q -v ON_ERROR_STOP=1 -c "\\copy bench_ingest_psql.orders from '$csv' csv header")

echo "$bench_name: wh ingest csv --source orders, $runs runs" >&2
check_table="bench_ingest_wh.orders"
read -r wh_wall wh_peak < <(BENCH_BEFORE_RUN=reset_wh_table BENCH_AFTER_RUN=check_figures median_wall \
    "$wh_timeout" "$runs" "$work/wh.log" \
    env WH_DATABASE_URL="$database_url" "$wh" ingest csv --source orders --project-dir "$project")

read -r psql_rate psql_mbs < <(rates "$rows" "$bytes" "$psql_wall")
read -r wh_rate wh_mbs < <(rates "$rows" "$bytes" "$wh_wall")
for wall in "$psql_wall" "$wh_wall"; do [ "$wall" != "failed" ] || status=1; done
wh_vs_psql="$(ratio "$wh_rate" "$psql_rate")"
if awk -v r="${wh_vs_psql%x}" 'BEGIN { exit !(r ~ /^[0-9.]+$/ && r + 0 < 0.9) }'; then
    echo "$bench_name: wh ingest csv is below 0.90x psql's rows/s ($wh_vs_psql)" >&2
    status=1
fi

mb="$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')"
{
    echo "ingest_csv benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), wh=$wh, database: $database_origin"
    echo "CSV: wh generate retail-history; median of $runs runs each; peak RSS of the loader process"
    echo
    echo "| loader | rows | MB | wall s | rows/s | MB/s | peak KiB | wh rows/s ÷ this |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    echo "| psql \\copy | $rows | $mb | $psql_wall | $(show_rate "$psql_rate") | $psql_mbs | $psql_peak | $wh_vs_psql (target ≥ 0.90x) |"
    echo "| wh ingest csv | $rows | $mb | $wh_wall | $(show_rate "$wh_rate") | $wh_mbs | $wh_peak | $(ratio "$wh_rate" "$wh_rate") |"
} | tee "$out/ingest_csv.md"
exit "$status"
