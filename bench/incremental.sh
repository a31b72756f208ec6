#!/usr/bin/env bash
# Incremental benchmark: two incremental models (merge on the line key) over 1,000,000 order lines; 10,000 lines
# are appended and the models built again. wh's incremental build against wh's full refresh on the same data
# (target: at least 20x faster), and against `dbt run` of the same models (dbt-core 1.11.16, pinned in dbt.sh).
#
#   bench/incremental.sh
#   WH=path/to/wh WH_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres BENCH_RUNS=1 bench/incremental.sh
#
# The lines are made in the server (generate_series) into bench_incr_raw.order_lines, a source with
# `loaded_at_field: loaded_at`. Each tool builds the same model files into its own schema (bench_incr_wh,
# bench_incr_dbt) once, untimed beyond one run; then each timed incremental run starts from 1,000,000 built lines
# and 10,000 new source lines (the appended lines are deleted from the source and the models and appended again,
# untimed, before each run). The full refresh rebuilds both tables from the 1,010,000 lines. After every run both
# tables must hold 1,010,000 lines with the source's total amount.
#
# wh tells whether the source changed by its newest `loaded_at` (the table is written by something else): without
# an index on that column each build reads the whole source for it. The incremental runs are timed twice: first
# with no such index (reported on a row of its own), then with `create index on order_lines (loaded_at)`, as a
# source of that size checked for freshness would have; the target is judged on the indexed source, which the
# full refresh and dbt read too.
#
# BENCH_INCR_LINES (default 1,000,000) and BENCH_INCR_NEW_LINES (default 10,000) change the sizes; BENCH_RUNS
# (default 3) the runs of each (medians).
# dbt comes from $DBT_VENV, else /work/venv-dbt when it holds the pinned version, else bench/.venv (made by dbt.sh).
# Prints a Markdown table, also written to bench/out/incremental.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

wh="${WH:-.build/release/wh}"
lines="${BENCH_INCR_LINES:-1000000}"
new_lines="${BENCH_INCR_NEW_LINES:-10000}"
runs="${BENCH_RUNS:-3}"
out="${BENCH_OUT:-$root/bench/out}"
wh_timeout="${BENCH_WH_TIMEOUT:-900}"
dbt_timeout="${BENCH_DBT_TIMEOUT:-1800}"
source "$root/bench/lib.sh"

is_count "$lines" || fail "BENCH_INCR_LINES must be a positive integer, got '$lines'"
is_count "$new_lines" || fail "BENCH_INCR_NEW_LINES must be a positive integer, got '$new_lines'"
check_runs BENCH_RUNS "$runs"
require_wh
if [ -z "${DBT_VENV:-}" ] && /work/venv-dbt/bin/dbt --version 2>/dev/null | grep -q "installed: 1.11.16"; then
    export DBT_VENV=/work/venv-dbt
fi

work="$out/incremental"
project="$work/project"
rm -rf "$project"
mkdir -p "$project/models"
cat >"$project/dbt_project.yml" <<'YAML'
name: bench_incremental
version: "1.0.0"
config-version: 2
profile: bench
model-paths: ["models"]
YAML
{ cat "$project/dbt_project.yml"; printf 'target:\n  name: bench\n  schema: bench_incr_wh\n  threads: 4\n'; } \
    >"$project/project.yml"
cat >"$project/models/_sources.yml" <<'YAML'
version: 2
sources:
  - name: raw
    schema: bench_incr_raw
    tables:
      - name: order_lines
        loaded_at_field: loaded_at
YAML
cat >"$project/models/silver_order_lines.sql" <<'SQL'
{{ config(materialized='incremental', unique_key='line_key', incremental_strategy='merge',
          indexes=[{'columns': ['line_key'], 'unique': True}]) }}
select
    line_id as line_key, invoice_no, stock_code, quantity, unit_price,
    cast(quantity * unit_price as numeric(12, 2)) as line_amount, invoice_ts, customer_id, country, loaded_at
from {{ source('raw', 'order_lines') }}
{% if is_incremental() %}
where line_id > (select coalesce(max(line_key), 0) from {{ this }})
{% endif %}
SQL
cat >"$project/models/fact_orders.sql" <<'SQL'
{{ config(materialized='incremental', unique_key='line_key', incremental_strategy='merge',
          indexes=[{'columns': ['line_key'], 'unique': True}]) }}
select
    line_key, cast(to_char(invoice_ts, 'YYYYMMDD') as integer) as date_key, stock_code, customer_id, country,
    quantity, line_amount as revenue, quantity < 0 as is_return
from {{ ref('silver_order_lines') }}
{% if is_incremental() %}
where line_key > (select coalesce(max(line_key), 0) from {{ this }})
{% endif %}
SQL

start_database
"$root/bench/dbt.sh" --version >/dev/null
total_lines=$((lines + new_lines))

# Lines first..last, each loaded now.
lines_sql() {
    echo "insert into bench_incr_raw.order_lines
          select i, 'INV' || (i / 3), 'SKU' || (i % 500), 1 + (i % 7) * (case when i % 50 = 0 then -1 else 1 end),
                 ((i % 1000) / 10.0 + 0.5)::numeric(10, 2), timestamp '2024-01-01' + (i % 525600) * interval '1 minute',
                 'C' || (i % 20000), (array['UK', 'FR', 'DE', 'NL'])[1 + i % 4], clock_timestamp()
          from generate_series($1, $2) as i"
}
echo "$bench_name: making $lines source lines" >&2
sql "drop schema if exists bench_incr_raw cascade; drop schema if exists bench_incr_wh cascade;
     drop schema if exists bench_incr_dbt cascade; create schema bench_incr_raw;
     create table bench_incr_raw.order_lines (
         line_id bigint primary key, invoice_no text, stock_code text, quantity integer, unit_price numeric(10, 2),
         invoice_ts timestamp, customer_id text, country text, loaded_at timestamptz not null);
     $(lines_sql 1 "$lines"); analyze bench_incr_raw.order_lines" >/dev/null

schema=""
# The appended lines deleted from the source and the tool's models, then appended again: every run starts from
# the same data. (Before the first run they are simply appended.) The deleted rows are vacuumed away before the
# lines come back: left in place, each of the 10,000 keys would meet its own dead row in both tables' unique
# indexes, work a real append of new keys never does (about 10 ms of each incremental run, wh's and dbt's alike).
append_new_lines() {
    sql "delete from bench_incr_raw.order_lines where line_id > $lines;
         do \$\$ begin
             if to_regclass('$schema.fact_orders') is not null then
                 delete from $schema.fact_orders where line_key > $lines;
                 delete from $schema.silver_order_lines where line_key > $lines;
             end if;
         end \$\$" >/dev/null
    sql "vacuum bench_incr_raw.order_lines" >/dev/null
    if [ "$(sql "select to_regclass('$schema.fact_orders') is not null")" = "t" ]; then
        sql "vacuum $schema.silver_order_lines" >/dev/null
        sql "vacuum $schema.fact_orders" >/dev/null
    fi
    sql "$(lines_sql $((lines + 1)) "$total_lines")" >/dev/null
}
# Both tables hold every source line, with the source's total amount.
check_tables() {
    local expected="$1" found expected_amount
    expected_amount="$(sql "select sum(cast(quantity * unit_price as numeric(12, 2))) from bench_incr_raw.order_lines")"
    found="$(sql "select (select count(*) from $schema.silver_order_lines) || ' ' || (select count(*) from $schema.fact_orders)
                  || ' ' || (select sum(revenue) from $schema.fact_orders)")"
    if [ "$found" != "$expected $expected $expected_amount" ]; then
        echo "$bench_name: $schema holds '$found' (silver lines, fact lines, revenue), expected '$expected $expected $expected_amount'" >&2
        return 1
    fi
}
check_built() { check_tables "$total_lines"; }
median_wall() {
    local result
    if result="$(measure_median "$@")"; then echo "${result%% *}"; else echo "failed"; fi
}

wh_initial="failed" wh_unindexed="failed" wh_incremental="failed" wh_full="failed"
schema="bench_incr_wh"
wh_env=(env WH_DATABASE_URL="$database_url")
sql "delete from bench_incr_raw.order_lines where line_id > $lines" >/dev/null
echo "$bench_name: wh run (the first build, $lines lines)" >&2
wh_initial="$(median_wall "$wh_timeout" 1 "$work/wh_initial.log" "${wh_env[@]}" "$wh" run --project-dir "$project")"
# The incremental runs of wh into log $1; prints the median wall time, or "failed" when they did not merge the
# new lines.
wh_incremental_runs() {
    local log="$work/$1.log" wall
    wall="$(BENCH_BEFORE_RUN=append_new_lines BENCH_AFTER_RUN=check_built median_wall "$wh_timeout" "$runs" \
        "$log" "${wh_env[@]}" "$wh" run --project-dir "$project")"
    if grep -q "MERGE $new_lines" "$log"; then echo "$wall"; else echo "$bench_name: wh merged no $new_lines lines" >&2; echo "failed"; fi
}
if [ "$wh_initial" != "failed" ]; then
    echo "$bench_name: wh run after $new_lines new lines, no index on loaded_at, $runs runs" >&2
    wh_unindexed="$(wh_incremental_runs wh_incremental_unindexed)"
    sql "create index order_lines_loaded_at on bench_incr_raw.order_lines (loaded_at)" >/dev/null
    echo "$bench_name: wh run after $new_lines new lines, $runs runs" >&2
    wh_incremental="$(wh_incremental_runs wh_incremental)"
    echo "$bench_name: wh run --full-refresh of the same $total_lines lines, $runs runs" >&2
    wh_full="$(BENCH_AFTER_RUN=check_built median_wall "$wh_timeout" "$runs" \
        "$work/wh_full.log" "${wh_env[@]}" "$wh" run --project-dir "$project" --full-refresh)"
fi

dbt_initial="failed" dbt_incremental="failed"
schema="bench_incr_dbt"
dbt_env=(env DBT_SCHEMA=bench_incr_dbt "$root/bench/dbt.sh")
sql "delete from bench_incr_raw.order_lines where line_id > $lines" >/dev/null
echo "$bench_name: dbt run (the first build, $lines lines)" >&2
dbt_initial="$(median_wall "$dbt_timeout" 1 "$work/dbt_initial.log" "${dbt_env[@]}" run --project-dir "$project")"
if [ "$dbt_initial" != "failed" ]; then
    echo "$bench_name: dbt run after $new_lines new lines, $runs runs" >&2
    dbt_incremental="$(BENCH_BEFORE_RUN=append_new_lines BENCH_AFTER_RUN=check_built median_wall "$dbt_timeout" \
        "$runs" "$work/dbt_incremental.log" "${dbt_env[@]}" run --project-dir "$project")"
fi

status=0
for wall in "$wh_initial" "$wh_unindexed" "$wh_incremental" "$wh_full" "$dbt_initial" "$dbt_incremental"; do
    [ "$wall" != "failed" ] || status=1
done
speedup="$(ratio "$wh_full" "$wh_incremental" "%.1f")"
target="$(awk -v f="$wh_full" -v i="$wh_incremental" 'BEGIN {
    if (f !~ /^[0-9.]+$/ || i !~ /^[0-9.]+$/ || i + 0 == 0) print "-"; else if (f / i >= 20) print "met"; else print "missed" }')"
{
    echo "incremental benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), wh=$wh, database: $database_origin"
    echo "2 incremental models (merge on line_key, unique index) over $(thousands "$lines") lines, then $(thousands "$new_lines") appended; medians of $runs (first builds: 1 run)"
    echo
    echo "| tool | first build s | incremental build s | full refresh s | full refresh ÷ incremental | dbt incremental ÷ this |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: |"
    echo "| wh | $wh_initial | $wh_incremental | $wh_full | $speedup | $(ratio "$dbt_incremental" "$wh_incremental" "%.1f") |"
    echo "| wh, no index on loaded_at | - | $wh_unindexed | - | $(ratio "$wh_full" "$wh_unindexed" "%.1f") | $(ratio "$dbt_incremental" "$wh_unindexed" "%.1f") |"
    echo "| dbt-core 1.11.16 | $dbt_initial | $dbt_incremental | - | - | 1.0x |"
    echo
    echo "target: wh's incremental build at least 20x faster than its full refresh: $target"
} | tee "$out/incremental.md"
[ "$target" = "met" ] || status=1
exit "$status"
