#!/usr/bin/env bash
# Compile benchmark: `wh compile` against `dbt parse --no-partial-parse` on generated projects.
#
#   bench/compile.sh                       # N = 1000 and 10000
#   WH=path/to/wh BENCH_SIZES="100 1000" bench/compile.sh
#
# For each N: generate bench/out/project_N (bench/generate_project.py), run `$WH compile
# --project-dir <dir>` once without a target/ folder (cold: every compiled file is created), then
# BENCH_RUNS times (default 3) over the files it wrote (warm: unchanged files are left alone) and keep
# the median wall time and median peak RSS (wall time from the clock, in ms; peak RSS from GNU time's "%M"); then, for N <= BENCH_DBT_MAX_MODELS (default 1000, or every N with
# BENCH_DBT_FULL=1: 10,000 models take dbt minutes), run `dbt parse --no-partial-parse`
# BENCH_DBT_RUNS times (default 1). Prints a Markdown table, also written to bench/out/compile.md.
# The machine is noisy (30-50% between identical runs): read the ratio, not the seconds.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

wh="${WH:-.build/release/wh}"
sizes="${BENCH_SIZES:-1000 10000}"
runs="${BENCH_RUNS:-3}"
dbt_runs="${BENCH_DBT_RUNS:-1}"
dbt_max_models="${BENCH_DBT_MAX_MODELS:-1000}"
[ "${BENCH_DBT_FULL:-0}" = "1" ] && dbt_max_models=1000000000
out="${BENCH_OUT:-$root/bench/out}"
wh_timeout="${BENCH_WH_TIMEOUT:-600}"
dbt_timeout="${BENCH_DBT_TIMEOUT:-3600}"
source "$root/bench/lib.sh"

for n in $sizes; do is_count "$n" || fail "BENCH_SIZES must hold positive integers, got '$n'"; done
check_runs BENCH_RUNS "$runs"
check_runs BENCH_DBT_RUNS "$dbt_runs"
require_wh

mkdir -p "$out"
stale="$(mktemp -d "$out/stale.XXXXXX")"
trap 'rm -rf "$stale"' EXIT

dbt_needed=0
for n in $sizes; do [ "$n" -le "$dbt_max_models" ] && dbt_needed=1; done
if [ "$dbt_needed" = 1 ]; then
    # Install (if needed) before anything is timed.
    "$root/bench/dbt.sh" --version >/dev/null
fi

table="| models | wh cold s | wh warm s | wh peak MiB | dbt parse s | dbt peak MiB | dbt / wh cold |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
status=0
for n in $sizes; do
    project="$out/project_$n"
    python3 "$root/bench/generate_project.py" "$n" "$project" >&2

    wh_cold="failed" wh_wall="failed" wh_mib="-"
    # Moved aside, deleted once everything is measured: on this machine's ext4 (no journal), creating files
    # right after deleting thousands scans past every freed inode, which would time the file system.
    [ -d "$project/target" ] && mv "$project/target" "$stale/target_$n"
    if result="$(measure "$wh_timeout" "$out/wh_${n}_cold.log" "$wh" compile --project-dir "$project")"; then
        read -r wh_cold _ <<<"$result"
    else
        status=1
    fi
    if result="$(measure_median "$wh_timeout" "$runs" "$out/wh_$n.log" "$wh" compile --project-dir "$project")"; then
        read -r wall kib <<<"$result"
        wh_wall="$wall"
        wh_mib="$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')"
    else
        status=1
    fi

    dbt_wall="skipped" dbt_mib="-" ratio="-"
    if [ "$n" -le "$dbt_max_models" ]; then
        if result="$(measure_median "$dbt_timeout" "$dbt_runs" "$out/dbt_$n.log" \
            "$root/bench/dbt.sh" parse --no-partial-parse --project-dir "$project")"; then
            read -r wall kib <<<"$result"
            dbt_wall="$wall"
            dbt_mib="$(awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }')"
            ratio="$(ratio "$dbt_wall" "$wh_cold" "%.1f")"
        else
            dbt_wall="failed"
            status=1
        fi
    fi
    table="$table
| $n | $wh_cold | $wh_wall | $wh_mib | $dbt_wall | $dbt_mib | $ratio |"
done

{
    echo "compile benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, wh=$wh, one cold and the median of $runs warm wh runs, $dbt_runs dbt runs"
    echo
    echo "$table"
} | tee "$out/compile.md"
exit "$status"
