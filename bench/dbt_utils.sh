#!/usr/bin/env bash
# dbt-utils benchmark: dbt-utils' own integration project (Tests/WarehouseCLITests/Compat/dbt-utils/integration_tests: 75 seeds,
# 50 models, 112 tests, most calling dbt-utils macros that introspect the database) built by `wh build --full-refresh`
# against `dbt build --full-refresh` (dbt-core 1.11.16, pinned in dbt.sh), in the same run (target: wh at least 20x
# faster).
#
#   bench/dbt_utils.sh
#   WH=path/to/wh WH_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres BENCH_RUNS=1 bench/dbt_utils.sh
#
# Each tool works on its own copy of the fixture (DBT_UTILS_FIXTURE overrides where it is) and builds into its own
# database (bench_dbt_utils_wh, bench_dbt_utils_dbt, made afresh on the benchmark's server). `wh deps` and `dbt deps`
# run once, untimed; then each build runs BENCH_RUNS times (default 3; medians). A run counts only when it exits 0
# (every node succeeded or passed) and its target/run_results.json holds the project's 237 nodes.
# dbt comes from $DBT_VENV, else /work/venv-dbt when it holds the pinned version, else bench/.venv (made by dbt.sh).
# Prints a Markdown table, also written to bench/out/dbt_utils.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

wh="${WH:-.build/release/wh}"
runs="${BENCH_RUNS:-3}"
out="${BENCH_OUT:-$root/bench/out}"
fixture="${DBT_UTILS_FIXTURE:-$root/Tests/WarehouseCLITests/Compat/dbt-utils}"
wh_timeout="${BENCH_WH_TIMEOUT:-300}"
dbt_timeout="${BENCH_DBT_TIMEOUT:-900}"
nodes=237
source "$root/bench/lib.sh"

check_runs BENCH_RUNS "$runs"
require_wh
[ -f "$fixture/integration_tests/dbt_project.yml" ] ||
    fail "no dbt-utils fixture at $fixture (set DBT_UTILS_FIXTURE; see Tests/WarehouseCLITests/Compat/README.md)"
if [ -z "${DBT_VENV:-}" ] && /work/venv-dbt/bin/dbt --version 2>/dev/null | grep -q "installed: 1.11.16"; then
    export DBT_VENV=/work/venv-dbt
fi

work="$out/dbt_utils"
rm -rf "$work"
mkdir -p "$work"
for tool in wh dbt; do cp -R "$fixture" "$work/$tool"; done

start_database
"$root/bench/dbt.sh" --version >/dev/null
# The benchmark server's URL with another database: postgres://user@host:port/<name>.
database_named() { echo "${database_url%/*}/$1"; }
# One statement each: Postgres makes and drops databases outside a transaction only.
fresh_database() { sql "drop database if exists $1" >/dev/null && sql "create database $1" >/dev/null; }

# The last build left every node of the project in its run_results.json.
check_results() {
    local found
    found="$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["results"]))' \
        "$work/$tool/integration_tests/target/run_results.json")"
    if [ "$found" != "$nodes" ]; then
        echo "$bench_name: $tool's run_results.json holds $found nodes, expected $nodes" >&2
        return 1
    fi
}
median_wall() {
    local result
    if result="$(measure_median "$@")"; then echo "${result%% *}"; else echo "failed"; fi
}

wh_build="failed"
tool="wh"
fresh_database bench_dbt_utils_wh
wh_env=(env WH_DATABASE_URL="$(database_named bench_dbt_utils_wh)")
echo "$bench_name: wh deps" >&2
if measure "$wh_timeout" "$work/wh_deps.log" "${wh_env[@]}" "$wh" deps --project-dir "$work/wh/integration_tests" \
    >/dev/null; then
    echo "$bench_name: wh build --full-refresh, $runs runs" >&2
    wh_build="$(BENCH_AFTER_RUN=check_results median_wall "$wh_timeout" "$runs" "$work/wh_build.log" \
        "${wh_env[@]}" "$wh" build --full-refresh --project-dir "$work/wh/integration_tests")"
fi

dbt_build="failed"
tool="dbt"
fresh_database bench_dbt_utils_dbt
dbt_env=(env DBT_PROFILE=integration_tests WH_BENCH_DATABASE_URL="$(database_named bench_dbt_utils_dbt)"
    "$root/bench/dbt.sh")
echo "$bench_name: dbt deps" >&2
if measure "$dbt_timeout" "$work/dbt_deps.log" "${dbt_env[@]}" deps --project-dir "$work/dbt/integration_tests" \
    >/dev/null; then
    echo "$bench_name: dbt build --full-refresh, $runs runs" >&2
    dbt_build="$(BENCH_AFTER_RUN=check_results median_wall "$dbt_timeout" "$runs" "$work/dbt_build.log" \
        "${dbt_env[@]}" build --full-refresh --project-dir "$work/dbt/integration_tests")"
fi

status=0
for wall in "$wh_build" "$dbt_build"; do
    [ "$wall" != "failed" ] || status=1
done
target="$(awk -v d="$dbt_build" -v w="$wh_build" 'BEGIN {
    if (d !~ /^[0-9.]+$/ || w !~ /^[0-9.]+$/ || w + 0 == 0) print "-"; else if (d / w >= 20) print "met"; else print "missed" }')"
{
    echo "dbt-utils benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), wh=$wh, database: $database_origin"
    echo "dbt-utils' integration project ($nodes nodes: 75 seeds, 50 models, 112 tests), build --full-refresh; medians of $runs"
    echo
    echo "| tool | build s | dbt ÷ this |"
    echo "| --- | ---: | ---: |"
    echo "| wh | $wh_build | $(ratio "$dbt_build" "$wh_build" "%.1f") |"
    echo "| dbt-core 1.11.16 | $dbt_build | 1.0x |"
    echo
    echo "target: wh's build at least 20x faster than dbt's: $target"
} | tee "$out/dbt_utils.md"
[ "$target" = "met" ] || status=1
exit "$status"
