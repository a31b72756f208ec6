#!/usr/bin/env bash
# Rebuild benchmark: the example warehouse's `wh build` into an empty warehouse, against a second `wh build` with
# no change to code or data, which must do no model work (every seed, model and test reported up to date; only the
# source freshness check, which compares with the clock, runs). Target: the second under 10% of the first.
#
#   bench/rebuild.sh
#   WH=path/to/wh WH_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres bench/rebuild.sh
#
# The example warehouse (project.yml, models, seeds, snapshots, macros, data_tests) is copied to bench/out/rebuild/example.
# Before each timed first build the schemas bronze, silver, gold and wh_meta are dropped (untimed), so use a
# server of its own for WH_BENCH_DATABASE_URL. Each run is checked: the first built every model, the second built
# none. BENCH_RUNS runs each (default 3, medians). Prints a Markdown table, also written to bench/out/rebuild.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

wh="${WH:-.build/release/wh}"
runs="${BENCH_RUNS:-3}"
out="${BENCH_OUT:-$root/bench/out}"
wh_timeout="${BENCH_WH_TIMEOUT:-600}"
source "$root/bench/lib.sh"

check_runs BENCH_RUNS "$runs"
require_wh
wh_has_command build || fail "this wh has no build command"

work="$out/rebuild"
project="$work/example"
rm -rf "$project"
mkdir -p "$project"
cp -R project.yml models seeds snapshots macros data_tests "$project/"

start_database
export WH_DATABASE_URL="$database_url"

empty_warehouse() {
    sql "drop schema if exists bronze cascade; drop schema if exists silver cascade;
         drop schema if exists gold cascade; drop schema if exists wh_meta cascade" >/dev/null
}

# A build that exits 0 having built nothing must not look fast, nor a second build that rebuilt something.
check_first() {
    grep -q "^Done\\. .* ERROR=0 SKIP=0 TOTAL=" "$work/first.log" && ! grep -q "up to date" "$work/first.log" || {
        echo "$bench_name: the first build did not build everything:" >&2
        tail -n 5 "$work/first.log" >&2
        return 1
    }
}
check_second() {
    if grep -E " OK (created|loaded) " "$work/second.log" >&2 || ! grep -q "^Done\\. PASS=0 .*UP-TO-DATE=" "$work/second.log"
    then
        echo "$bench_name: the second build did model work (above) or did not report up-to-date nodes:" >&2
        tail -n 3 "$work/second.log" >&2
        return 1
    fi
}

median_wall() {
    local result
    if result="$(measure_median "$@")"; then echo "${result%% *}"; else echo "failed"; fi
}

echo "$bench_name: wh build into an empty warehouse, $runs runs" >&2
first="$(BENCH_BEFORE_RUN=empty_warehouse BENCH_AFTER_RUN=check_first median_wall "$wh_timeout" "$runs" \
    "$work/first.log" "$wh" build --project-dir "$project")"
second="failed"
if [ "$first" != "failed" ]; then
    echo "$bench_name: wh build again, nothing changed, $runs runs" >&2
    second="$(BENCH_AFTER_RUN=check_second median_wall "$wh_timeout" "$runs" \
        "$work/second.log" "$wh" build --project-dir "$project")"
fi

status=0
[ "$first" != "failed" ] && [ "$second" != "failed" ] || status=1
share="$(awk -v a="$second" -v b="$first" 'BEGIN {
    if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || b + 0 == 0) print "-"; else printf "%.1f%%", 100 * a / b }')"
target="$(awk -v a="$second" -v b="$first" 'BEGIN {
    if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/) print "-"; else if (a < 0.1 * b) print "met"; else print "missed" }')"
up_to_date="$(grep -o "UP-TO-DATE=[0-9]*" "$work/second.log" | tail -n 1 || true)"
total="$(grep -o "TOTAL=[0-9]*" "$work/second.log" | tail -n 1 || true)"
{
    echo "rebuild benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), wh=$wh, database: $database_origin"
    echo "the example warehouse; medians of $runs; second build: ${up_to_date:-?} of ${total:-?} nodes"
    echo
    echo "| build | wall s | share of the first |"
    echo "| --- | ---: | ---: |"
    echo "| first, into an empty warehouse | $first | 100% |"
    echo "| second, nothing changed | $second | $share |"
    echo
    echo "target: the second under 10% of the first: $target"
} | tee "$out/rebuild.md"
[ "$target" = "met" ] || status=1
exit "$status"
