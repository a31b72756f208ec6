#!/usr/bin/env bash
# Run benchmark: `wh run` against `dbt run` of the same generated view models, on one server.
#
#   bench/run.sh                                    # 1,000 models, 4 threads
#   WH=path/to/wh WH_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres bench/run.sh
#
# Generates BENCH_RUN_MODELS view models (default 1,000) with bench/generate_project.py twice: a dbt copy
# (schema bench_run_dbt, set in the profile) and a wh copy whose project.yml adds `target: schema:
# bench_run_wh`. Both schemas are dropped first. wh: `wh seed` once, then `wh run --threads
# BENCH_THREADS` (default 4) BENCH_RUNS times (default 3, median), each on a fresh schema like dbt's (the
# views dropped, untimed, before each run), then once more over the views of the last run: the replacing
# run is a row of its own. dbt: `dbt seed` and `dbt run --threads` once, on the fresh schema: re-running
# views with several threads can deadlock (dbt-core#9246). After each run the schema must hold one view
# per model.
# Prints a Markdown table, also written to bench/out/run.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

wh="${WH:-.build/release/wh}"
models="${BENCH_RUN_MODELS:-1000}"
threads="${BENCH_THREADS:-4}"
runs="${BENCH_RUNS:-3}"
out="${BENCH_OUT:-$root/bench/out}"
wh_timeout="${BENCH_WH_TIMEOUT:-600}"
dbt_timeout="${BENCH_DBT_TIMEOUT:-3600}"
source "$root/bench/lib.sh"

is_count "$models" || fail "BENCH_RUN_MODELS must be a positive integer, got '$models'"
is_count "$threads" && [ "$threads" -le 64 ] || fail "BENCH_THREADS must be 1..64, got '$threads'"
check_runs BENCH_RUNS "$runs"
require_wh

work="$out/run"
wh_project="$work/wh_project_$models"
dbt_project="$work/dbt_project_$models"
mkdir -p "$work"
python3 "$root/bench/generate_project.py" "$models" "$dbt_project" >&2
python3 "$root/bench/generate_project.py" "$models" "$wh_project" >/dev/null
{
    cat "$wh_project/dbt_project.yml"
    echo
    echo "target:"
    echo "  name: bench"
    echo "  schema: bench_run_wh"
    echo "  threads: $threads"
} >"$wh_project/project.yml"

start_database
sql "drop schema if exists bench_run_wh cascade; drop schema if exists bench_run_dbt cascade" >/dev/null
"$root/bench/dbt.sh" --version >/dev/null

# The check after each run: every model is a view in the tool's schema (a run that exits 0 having built
# nothing must not look fast).
check_schema=""
check_views() {
    local found
    found="$(sql "select count(*) from pg_views where schemaname = '$check_schema'")"
    if [ "$found" != "$models" ]; then
        echo "$bench_name: schema $check_schema holds $found views, expected $models" >&2
        return 1
    fi
}

# Drops the wh schema's views (not the seed table), so each timed `wh run` starts from a fresh schema as dbt's does.
drop_wh_views() {
    sql "do \$\$ declare v record; begin
         for v in select viewname from pg_views where schemaname = 'bench_run_wh' loop
             execute format('drop view if exists bench_run_wh.%I cascade', v.viewname);
         end loop; end \$\$" >/dev/null
}

# Prints the median wall seconds of "$@" (measure_median's arguments), or "failed".
median_wall() {
    local result
    if result="$(measure_median "$@")"; then
        echo "${result%% *}"
    else
        echo "failed"
    fi
}

wh_seed="failed" wh_run="failed" wh_replace="failed"
if wh_has_command seed && wh_has_command run; then
    echo "$bench_name: wh seed, then wh run --threads $threads, $runs runs" >&2
    wh_env=(env WH_DATABASE_URL="$database_url")
    wh_seed="$(median_wall "$wh_timeout" 1 "$work/wh_seed.log" "${wh_env[@]}" "$wh" seed --project-dir "$wh_project")"
    if [ "$wh_seed" != "failed" ]; then
        check_schema="bench_run_wh"
        wh_run="$(BENCH_BEFORE_RUN=drop_wh_views BENCH_AFTER_RUN=check_views median_wall "$wh_timeout" "$runs" \
            "$work/wh_run.log" "${wh_env[@]}" "$wh" run --project-dir "$wh_project" --threads "$threads")"
        echo "$bench_name: wh run --threads $threads once more, replacing the existing views" >&2
        wh_replace="$(BENCH_AFTER_RUN=check_views median_wall "$wh_timeout" 1 "$work/wh_replace.log" \
            "${wh_env[@]}" "$wh" run --project-dir "$wh_project" --threads "$threads")"
    fi
fi

echo "$bench_name: dbt seed, then dbt run --threads $threads, once" >&2
dbt_env=(env DBT_SCHEMA=bench_run_dbt "$root/bench/dbt.sh")
dbt_run="failed"
dbt_seed="$(median_wall "$dbt_timeout" 1 "$work/dbt_seed.log" "${dbt_env[@]}" seed --project-dir "$dbt_project")"
if [ "$dbt_seed" != "failed" ]; then
    check_schema="bench_run_dbt"
    dbt_run="$(BENCH_AFTER_RUN=check_views median_wall "$dbt_timeout" 1 "$work/dbt_run.log" \
        "${dbt_env[@]}" run --project-dir "$dbt_project" --threads "$threads")"
fi

status=0
for wall in "$wh_seed" "$wh_run" "$wh_replace" "$dbt_seed" "$dbt_run"; do [ "$wall" != "failed" ] || status=1; done
target="$(awk -v w="$wh_run" 'BEGIN { if (w !~ /^[0-9.]+$/) print "-"; else if (w < 5) print "met"; else print "missed" }')"
{
    echo "run benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), wh=$wh, database: $database_origin"
    echo "$models view models, $threads threads; wh run: median of $runs on a fresh schema, then 1 run replacing its views; dbt: 1 run on a fresh schema"
    echo
    echo "| tool | seed s | run s | run ms per model | dbt run ÷ this |"
    echo "| --- | ---: | ---: | ---: | ---: |"
    wh_replace_seed="-"
    for row in "wh:wh" "wh_replace:wh, replacing its views" "dbt:dbt"; do
        tool="${row%%:*}"
        seed_wall="${tool}_seed" run_wall="${tool}_run"
        [ "$tool" != "wh_replace" ] || run_wall="wh_replace"
        per_model="$(awk -v w="${!run_wall}" -v n="$models" 'BEGIN {
            if (w !~ /^[0-9.]+$/) print "-"; else printf "%.1f", w * 1000 / n }')"
        echo "| ${row#*:} | ${!seed_wall} | ${!run_wall} | $per_model | $(ratio "$dbt_run" "${!run_wall}" "%.1f") |"
    done
    echo
    echo "target: wh run under 5 s: $target"
} | tee "$out/run.md"
exit "$status"
