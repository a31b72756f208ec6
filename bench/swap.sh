#!/usr/bin/env bash
# Readable-builds benchmark: what keeping relations readable costs a run, and how long readers wait for a swap.
#
#   bench/swap.sh                                   # wh at .build/release/wh
#   BENCH_BASELINE_WH=/path/to/older/wh bench/swap.sh   # also time an older wh's `wh run` on the example
#
# 1. The example warehouse (a copy of models/, seeds/, snapshots/, macros/): `wh build` once, then `wh run` BENCH_RUNS times
#    (median), for WH and, when BENCH_BASELINE_WH is set, for that binary on a database of its own.
# 2. A table model of BENCH_SWAP_ROWS rows (default 1,000,000) with a view on it, rebuilt BENCH_SWAP_REBUILDS times
#    (default 3) by `wh run` while pgbench keeps 4 readers querying the table and the view (`limit 1`, so a read
#    costs microseconds and its latency is time spent waiting): the longest read during the rebuilds against the
#    longest read of the same readers with no build running. Target: under 100 ms.
# Prints a Markdown table, also written to bench/out/swap.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

wh="${WH:-.build/release/wh}"
baseline="${BENCH_BASELINE_WH:-}"
runs="${BENCH_RUNS:-3}"
rows="${BENCH_SWAP_ROWS:-1000000}"
rebuilds="${BENCH_SWAP_REBUILDS:-3}"
out="${BENCH_OUT:-$root/bench/out}"
wh_timeout="${BENCH_WH_TIMEOUT:-600}"
source "$root/bench/lib.sh"

check_runs BENCH_RUNS "$runs"
check_runs BENCH_SWAP_REBUILDS "$rebuilds"
is_count "$rows" || fail "BENCH_SWAP_ROWS must be a positive integer, got '$rows'"
require_wh
command -v pgbench >/dev/null || fail "pgbench is missing: apt-get install -y postgresql-client"
[ -z "$baseline" ] || [ -x "$baseline" ] || fail "BENCH_BASELINE_WH is not an executable: '$baseline'"

work="$out/swap"
rm -rf "$work"
mkdir -p "$work"
start_database

# A database per measurement, so the example's schemas of one binary never meet another's.
database_named() { sed -E "s#^(postgres(ql)?://[^/]+)/[^?]*#\1/$1#" <<<"$database_url"; }
make_database() { sql "drop database if exists $1 with (force)" >/dev/null; sql "create database $1" >/dev/null; }

example_copy() {
    local copy="$work/$1"
    mkdir -p "$copy"
    cp -r "$root/project.yml" "$root/models" "$root/seeds" "$root/snapshots" "$root/macros" "$root/data_tests" "$copy/"
    echo "$copy"
}

# Prints the median wall seconds of `wh run` on the example for binary $1 (database $2), or "failed".
example_run() {
    local binary="$1" name="$2" project result
    project="$(example_copy "$name")"
    make_database "$name"
    local env_args=(env WH_DATABASE_URL="$(database_named "$name")")
    measure "$wh_timeout" "$work/$name-build.log" "${env_args[@]}" "$binary" build --project-dir "$project" \
        >/dev/null || { echo failed; return; }
    if result="$(measure_median "$wh_timeout" "$runs" "$work/$name-run.log" "${env_args[@]}" "$binary" run \
        --project-dir "$project")"; then
        echo "${result%% *}"
    else
        echo failed
    fi
}

echo "$bench_name: wh run on the example warehouse, $runs runs" >&2
run_now="$(example_run "$wh" bench_swap_now)"
run_before="-"
if [ -n "$baseline" ]; then
    echo "$bench_name: the baseline's wh run on the example warehouse, $runs runs" >&2
    run_before="$(example_run "$baseline" bench_swap_before)"
fi

echo "$bench_name: $rows-row table rebuilt $rebuilds times under 4 pgbench readers" >&2
make_database bench_swap_big
big_url="$(database_named bench_swap_big)"
big="$work/big"
mkdir -p "$big/models"
printf 'name: big\ntarget:\n  schema: public\n  threads: 1\nmodels:\n  big:\n    +schema: bench_swap\n' >"$big/project.yml"
printf "{{ config(materialized='table') }}\nselect g as id, md5(g::text) as payload from generate_series(1, %s) g\n" \
    "$rows" >"$big/models/big_table.sql"
printf "{{ config(materialized='view') }}\nselect id, payload from {{ ref('big_table') }} where id %% 2 = 0\n" \
    >"$big/models/big_view.sql"
big_env=(env WH_DATABASE_URL="$big_url")
read -r first_wall _ < <(measure "$wh_timeout" "$work/big-first.log" "${big_env[@]}" "$wh" run --project-dir "$big") ||
    fail "the first build of $big failed"
schema="$(psql "$big_url" -X -A -t -c "select table_schema from information_schema.tables where table_name = 'big_table'")"
cat >"$work/reader.sql" <<SQL
select id from $schema.big_table limit 1;
select id from $schema.big_view limit 1;
SQL

# Longest latency, in ms, in pgbench's per-transaction logs $1.* (the third field is the latency in µs).
longest_ms() { cat "$1".[0-9]* | awk '$3 + 0 > m { m = $3 + 0 } END { printf "%.1f", m / 1000 }'; }
# Runs 4 pgbench readers for $1 seconds, logging to $2.*.
readers() { (cd "$work" && pgbench -n -f reader.sql -c 4 -j 2 -T "$1" -l --log-prefix="$2" "$big_url" >"$2.out" 2>&1); }

readers 5 idle
idle_ms="$(longest_ms "$work/idle")"
# The readers run for a fixed time (pgbench flushes its logs only when it ends by itself): long enough for every
# rebuild at three times the first build's pace.
reader_seconds="$(awk -v w="$first_wall" -v n="$rebuilds" 'BEGIN { printf "%d", 3 + n * (3 * w + 1) }')"
readers "$reader_seconds" busy &
reader_pid=$!
sleep 1
rebuild_walls=""
rebuild_status=0
for ((rebuild = 1; rebuild <= rebuilds; rebuild++)); do
    if read -r wall _ < <(measure "$wh_timeout" "$work/big-rebuild.log" "${big_env[@]}" "$wh" run --project-dir "$big"); then
        rebuild_walls="$rebuild_walls $wall"
    else
        rebuild_status=1
    fi
done
wait "$reader_pid" || true
busy_ms="$(longest_ms "$work/busy")"
reads="$(cat "$work"/busy.[0-9]* | wc -l)"
# pgbench counts failed transactions, and ends a client at its first error ("client 2 aborted ...").
failed_reads="$(awk '/number of failed transactions/ { n += $5 } /aborted/ { n++ } END { print n + 0 }' "$work/busy.out")"
rebuild_wall="$(echo $rebuild_walls | median)"

status=0
for value in "$run_now" "$run_before"; do [ "$value" != "failed" ] || status=1; done
[ "$rebuild_status" -eq 0 ] || status=1
target="$(awk -v b="$busy_ms" 'BEGIN { print (b < 100 ? "met" : "missed") }')"
{
    echo "swap benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), wh=$wh, database: $database_origin"
    echo
    echo "| measure | value |"
    echo "| --- | ---: |"
    echo "| \`wh run\` on the example warehouse, median of $runs (s) | $run_now |"
    echo "| the same with ${baseline:-no baseline given} (s) | $run_before |"
    echo "| rebuild of the $(thousands "$rows")-row table and its view, median of $rebuilds (s) | ${rebuild_wall:-failed} |"
    echo "| reader transactions during the rebuilds (4 readers; each reads the table, then the view) | $(thousands "$reads") |"
    echo "| reader transactions that failed | $failed_reads |"
    echo "| longest read while rebuilding (ms) | $busy_ms |"
    echo "| longest read with no build running (ms) | $idle_ms |"
    echo
    echo "target: the longest read while rebuilding under 100 ms: $target"
} | tee "$out/swap.md"
exit "$status"
