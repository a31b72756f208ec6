# Shared by the benchmark scripts (sourced, not run): timing, medians, the `wh` binary and the database.
#
# The sourcing script sets `set -euo pipefail`, `root` (the checkout) and `wh` (the binary) first.

time_bin=/usr/bin/time
bench_name="${0##*/}"

fail() { echo "$bench_name: $*" >&2; exit 2; }

is_count() { [[ "$1" =~ ^[1-9][0-9]*$ ]]; }

# Checks a knob holding a run count: 1..20.
check_runs() { is_count "$2" && [ "$2" -le 20 ] || fail "$1 must be 1..20, got '$2'"; }

[ -x "$time_bin" ] || fail "$time_bin is missing: apt-get install -y time"

# Runs a command under GNU time within a time limit; prints "<wall s> <peak KiB>" (the wall time to the
# millisecond, with the ~2 ms of starting `timeout` and `time` in it), or fails after showing the end of the
# command's output (which is kept in $log).
measure() {
    local limit="$1" log="$2"
    shift 2
    local stats="$log.time" started ended
    started="$EPOCHREALTIME"
    if ! timeout "$limit" "$time_bin" -f "%M" -o "$stats" "$@" >"$log" 2>&1; then
        echo "$bench_name: failed (or passed ${limit}s): $*" >&2
        tail -n 20 "$log" >&2
        return 1
    fi
    ended="$EPOCHREALTIME"
    # The wall time in milliseconds from bash's clock, which forks nothing (GNU time's %e steps by 10 ms and
    # truncates: a 99 ms build read 0.09 s).
    echo "$(awk -v a="${started/,/.}" -v b="${ended/,/.}" 'BEGIN { printf "%.3f", b - a }') $(tail -n 1 "$stats")"
}

# Median of whitespace-separated numbers (the lower middle one for an even count).
median() { tr ' ' '\n' | sort -g | awk 'NF { v[++n] = $1 } END { print v[int((n + 1) / 2)] }'; }

# Runs `measure` $2 times and prints "<median wall s> <median peak KiB>". When BENCH_BEFORE_RUN names
# a function, it runs (untimed) before every run: resetting a table, say.
measure_median() {
    local limit="$1" count="$2" log="$3"
    shift 3
    local walls="" peaks="" run wall peak
    for ((run = 1; run <= count; run++)); do
        if [ -n "${BENCH_BEFORE_RUN:-}" ]; then "$BENCH_BEFORE_RUN" || return 1; fi
        read -r wall peak < <(measure "$limit" "$log" "$@") || return 1
        [ -n "$wall" ] || return 1
        if [ -n "${BENCH_AFTER_RUN:-}" ]; then "$BENCH_AFTER_RUN" || return 1; fi
        echo "  $(basename "$log" .log) run $run: ${wall} s, ${peak} KiB peak" >&2
        walls="$walls $wall"
        peaks="$peaks $peak"
    done
    echo "$(echo $walls | median) $(echo $peaks | median)"
}

# Fails clearly when the wh binary is missing; names the build to make.
require_wh() {
    command -v "$wh" >/dev/null || fail "no wh binary at '$wh': run 'make build' or set WH"
}

# Succeeds when `wh` has the subcommand "$@" (`seed`, `db url`, ...); says which one is missing otherwise.
# swift-argument-parser answers `wh unknown --help` with the root's help ("USAGE: wh <subcommand>") and
# status 0, so the help shown must not be the root's.
wh_has_command() {
    local help
    if ! help="$(timeout 30 "$wh" "$@" --help 2>&1)" || grep -qE '^USAGE: [^ ]+ <subcommand>$' <<<"$help"; then
        echo "$bench_name: '$wh' has no \`$*\` command (or its --help fails): this wh predates it" >&2
        return 1
    fi
}

# Formats a float with thousands separators and no decimals: 284513.2 -> 284,513.
thousands() { printf '%.0f' "$1" | sed -E ':a; s/^([0-9]+)([0-9]{3})/\1,\2/; ta'; echo; }

# The server every tool of one benchmark uses: $WH_BENCH_DATABASE_URL, else the embedded Postgres of a
# throwaway project started with `wh db start` (stopped again on exit). Sets `database_url`.
start_database() {
    if [ -n "${WH_BENCH_DATABASE_URL:-}" ]; then
        database_url="$WH_BENCH_DATABASE_URL"
        database_origin="WH_BENCH_DATABASE_URL"
    else
        wh_has_command db start && wh_has_command db url ||
            fail "set WH_BENCH_DATABASE_URL=postgres://... or build a wh with \`wh db start\` and \`wh db url\`"
        # Under /tmp, not the checkout: the server runs as `postgres` when we are root, and a checkout in a
        # root-only home is not traversable by it.
        bench_db_dir="$(mktemp -d "${TMPDIR:-/tmp}/wh-bench-db.XXXXXX")"
        chmod 0755 "$bench_db_dir"
        printf 'name: bench_database\n' >"$bench_db_dir/project.yml"
        trap stop_database EXIT
        # Without WH_DATABASE_URL, which would name another server.
        timeout 300 env -u WH_DATABASE_URL "$wh" db start --project-dir "$bench_db_dir" >&2 ||
            fail "\`wh db start --project-dir $bench_db_dir\` failed"
        database_url="$(timeout 60 env -u WH_DATABASE_URL "$wh" db url --project-dir "$bench_db_dir")" ||
            fail "\`wh db url --project-dir $bench_db_dir\` failed"
        database_origin="wh db start (embedded, $bench_db_dir)"
    fi
    [[ "$database_url" =~ ^postgres(ql)?:// ]] || fail "the database URL is not a postgres:// URL: '$database_url'"
    timeout 60 psql "$database_url" -X -q -v ON_ERROR_STOP=1 -c "select 1" >/dev/null ||
        fail "cannot connect to $database_url"
    # dbt.sh builds its profile from this variable.
    export WH_BENCH_DATABASE_URL="$database_url"
}

# Stops the embedded server start_database started; keeps its folder when it cannot (`wh db stop` is missing).
stop_database() {
    [ -n "${bench_db_dir:-}" ] || return 0
    if timeout 120 env -u WH_DATABASE_URL "$wh" db stop --project-dir "$bench_db_dir" >/dev/null 2>&1; then
        rm -rf "$bench_db_dir"
    else
        echo "$bench_name: \`wh db stop --project-dir $bench_db_dir\` failed; stop that server by hand" \
            "(pg_ctl -D $bench_db_dir/.wh/postgres/data stop, as the postgres user when root)" >&2
    fi
}

# Runs SQL on the benchmark database and prints the unaligned, tuples-only result.
sql() { PGOPTIONS="-c client_min_messages=warning" timeout 300 psql "$database_url" -X -q -A -t -v ON_ERROR_STOP=1 -c "$1"; }

# Prints a/b as "1.23x" (format $3, default %.2f): "-" when either is not a number, "n/a" when b is 0
# (a wall time below the timer's 0.01 s resolution).
ratio() {
    awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN {
        if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/) print "-"
        else if (b + 0 == 0) print "n/a (below 0.01 s)"
        else printf f "x\n", a / b }'
}

# Prints "<rows/s> <MB/s>" for $1 rows of $2 bytes in a wall time of $3 s, or "- -" when there is no time.
rates() {
    awk -v r="$1" -v b="$2" -v w="$3" 'BEGIN {
        if (w !~ /^[0-9.]+$/ || w + 0 == 0) print "- -"; else printf "%.1f %.2f\n", r / w, b / 1e6 / w }'
}

# A rate with thousands separators, or "-".
show_rate() { if [ "$1" = "-" ]; then echo "-"; else thousands "$1"; fi; }
