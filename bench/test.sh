#!/usr/bin/env bash
# Test benchmark: `wh test` against `dbt test` of the same data tests on the same generated project.
#
#   bench/test.sh                                   # 1,000 models, 1,000 tests, 4 threads
#   WH=path/to/wh WH_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres bench/test.sh
#
# Generates BENCH_TEST_MODELS view models (default 1,000; `unique` and `not_null` on half of them, so
# as many tests as models) with bench/generate_project.py twice: a dbt copy (schema bench_test_dbt, set in
# the profile) and a wh copy whose project.yml adds `target: schema: bench_test_wh`, so neither tool sees
# the other's relations. Both schemas are dropped first, then loaded once, untimed: `wh seed` + `wh run`,
# `dbt seed` + `dbt run` (each schema must then hold one view per model). Timed: `wh test --threads
# BENCH_THREADS` (default 4) once right after loading, then BENCH_RUNS times (default 3, median) once the
# seed table is analyzed, and `dbt test --threads` once, its seed table analyzed too. Neither seed command
# analyzes its table; dbt's slow load leaves autovacuum time to, wh's fast one does not, and the planner
# is much slower on the generated views over a never-analyzed table (72 s against 2.5 s for wh on
# 2026-11-23): the first row shows that case, the others compare the tools on equal terms. After each test
# run its closing summary must report every generated test run and passed (PASS = TOTAL = the generator's
# count): a run that skipped tests or found failures does not count as fast.
# Prints a Markdown table, also written to bench/out/test.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

wh="${WH:-.build/release/wh}"
models="${BENCH_TEST_MODELS:-1000}"
threads="${BENCH_THREADS:-4}"
runs="${BENCH_RUNS:-3}"
out="${BENCH_OUT:-$root/bench/out}"
wh_timeout="${BENCH_WH_TIMEOUT:-600}"
dbt_timeout="${BENCH_DBT_TIMEOUT:-3600}"
source "$root/bench/lib.sh"

is_count "$models" || fail "BENCH_TEST_MODELS must be a positive integer, got '$models'"
is_count "$threads" && [ "$threads" -le 64 ] || fail "BENCH_THREADS must be 1..64, got '$threads'"
check_runs BENCH_RUNS "$runs"
require_wh

work="$out/test"
wh_project="$work/wh_project_$models"
dbt_project="$work/dbt_project_$models"
mkdir -p "$work"
generated="$(python3 "$root/bench/generate_project.py" "$models" "$dbt_project")"
echo "$generated" >&2
python3 "$root/bench/generate_project.py" "$models" "$wh_project" >/dev/null
# The generator's own count ("generated N models, E refs between models, T data tests in DIR").
tests="$(sed -nE 's/.* ([0-9]+) data tests in .*/\1/p' <<<"$generated")"
is_count "$tests" || fail "the generator reported no data tests: '$generated'"
{
    cat "$wh_project/dbt_project.yml"
    echo
    echo "target:"
    echo "  name: bench"
    echo "  schema: bench_test_wh"
    echo "  threads: $threads"
} >"$wh_project/project.yml"

start_database
sql "drop schema if exists bench_test_wh cascade; drop schema if exists bench_test_dbt cascade" >/dev/null
"$root/bench/dbt.sh" --version >/dev/null

# Every model is a view in schema $1: the data the tests read is there.
check_views() {
    local found
    found="$(sql "select count(*) from pg_views where schemaname = '$1'")"
    if [ "$found" != "$models" ]; then
        echo "$bench_name: schema $1 holds $found views, expected $models" >&2
        return 1
    fi
}

# Runs one untimed loading step "$@" within $1 seconds, its output in $work/$2.log.
load() {
    local limit="$1" label="$2"
    shift 2
    echo "$bench_name: loading (untimed): $label" >&2
    measure "$limit" "$work/$label.log" "$@" >/dev/null
}

# The last closing summary in a test log, both tools' shape ("Done. PASS=n WARN=n ERROR=n SKIP=n ...
# TOTAL=n", dbt's behind a timestamp and maybe colours): prints "<pass> <total>" or nothing.
summary_counts() {
    sed -E 's/\x1b\[[0-9;]*m//g' "$1" | grep -E 'Done\. PASS=[0-9]+ ' | tail -n 1 |
        sed -nE 's/.*PASS=([0-9]+) .*TOTAL=([0-9]+).*/\1 \2/p'
}

# The check after each test run: all $tests tests ran and passed.
check_log=""
check_summary() {
    local counts
    counts="$(summary_counts "$check_log")"
    if [ "$counts" != "$tests $tests" ]; then
        echo "$bench_name: $check_log reports PASS and TOTAL '${counts:-no summary line}', expected $tests $tests" >&2
        return 1
    fi
}

# Analyzes the seed table of schema $1 (untimed), as autovacuum eventually does.
analyze_seed() { sql "analyze $1.bench_seed" >/dev/null; }

# Prints the median wall seconds of "$@" (measure_median's arguments), or "failed".
median_wall() {
    local result
    if result="$(measure_median "$@")"; then
        echo "${result%% *}"
    else
        echo "failed"
    fi
}

wh_first="failed" wh_first_tests="-" wh_test="failed" wh_tests="-"
if wh_has_command seed && wh_has_command run && wh_has_command test; then
    wh_env=(env WH_DATABASE_URL="$database_url")
    if load "$wh_timeout" wh_seed "${wh_env[@]}" "$wh" seed --project-dir "$wh_project" &&
        load "$wh_timeout" wh_run "${wh_env[@]}" "$wh" run --project-dir "$wh_project" --threads "$threads" &&
        check_views bench_test_wh; then
        echo "$bench_name: wh test --threads $threads right after loading, once" >&2
        check_log="$work/wh_test_first.log"
        wh_first="$(BENCH_AFTER_RUN=check_summary median_wall "$wh_timeout" 1 "$check_log" \
            "${wh_env[@]}" "$wh" test --project-dir "$wh_project" --threads "$threads")"
        wh_first_tests="$(summary_counts "$check_log" | tr ' ' /)"
        wh_first_tests="${wh_first_tests:--}"
        analyze_seed bench_test_wh
        echo "$bench_name: wh test --threads $threads, seed table analyzed, $runs runs" >&2
        check_log="$work/wh_test.log"
        wh_test="$(BENCH_AFTER_RUN=check_summary median_wall "$wh_timeout" "$runs" "$check_log" \
            "${wh_env[@]}" "$wh" test --project-dir "$wh_project" --threads "$threads")"
        wh_tests="$(summary_counts "$check_log" | tr ' ' /)"
        wh_tests="${wh_tests:--}"
    fi
fi

dbt_test="failed" dbt_tests="-"
dbt_env=(env DBT_SCHEMA=bench_test_dbt "$root/bench/dbt.sh")
if load "$dbt_timeout" dbt_seed "${dbt_env[@]}" seed --project-dir "$dbt_project" &&
    load "$dbt_timeout" dbt_run "${dbt_env[@]}" run --project-dir "$dbt_project" --threads "$threads" &&
    check_views bench_test_dbt; then
    analyze_seed bench_test_dbt
    echo "$bench_name: dbt test --threads $threads, seed table analyzed, once" >&2
    check_log="$work/dbt_test.log"
    dbt_test="$(BENCH_AFTER_RUN=check_summary median_wall "$dbt_timeout" 1 "$check_log" \
        "${dbt_env[@]}" test --project-dir "$dbt_project" --threads "$threads")"
    dbt_tests="$(summary_counts "$check_log" | tr ' ' /)"
    dbt_tests="${dbt_tests:--}"
fi

status=0
for wall in "$wh_first" "$wh_test" "$dbt_test"; do [ "$wall" != "failed" ] || status=1; done
target="$(awk -v w="$wh_test" 'BEGIN { if (w !~ /^[0-9.]+$/) print "-"; else if (w < 3) print "met"; else print "missed" }')"
{
    echo "test benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), wh=$wh, database: $database_origin"
    echo "$models view models, $tests generated data tests (unique + not_null), $threads threads"
    echo "wh test: once right after wh seed + wh run, then median of $runs with the seed table analyzed; dbt test: 1 run, seed table analyzed"
    echo
    echo "| tool | tests passed/run | test s | test ms per test | dbt test ÷ this |"
    echo "| --- | ---: | ---: | ---: | ---: |"
    for row in "wh_first:wh, first run after loading (seed not analyzed)" "wh_test:wh" "dbt_test:dbt"; do
        wall="${row%%:*}"
        count="${wall%_test}_tests"
        per_test="$(awk -v w="${!wall}" -v n="$tests" 'BEGIN {
            if (w !~ /^[0-9.]+$/) print "-"; else printf "%.1f", w * 1000 / n }')"
        echo "| ${row#*:} | ${!count} | ${!wall} | $per_test | $(ratio "$dbt_test" "${!wall}" "%.1f") |"
    done
    echo
    echo "target: wh test under 3 s: $target"
} | tee "$out/test.md"
exit "$status"
