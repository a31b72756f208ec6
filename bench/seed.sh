#!/usr/bin/env bash
# Seed benchmark: `wh seed` against `psql \copy` and `dbt seed`, on one server, same CSV, same column types.
#
#   bench/seed.sh                                   # 1,000,000 rows; dbt on the first 100,000
#   WH=path/to/wh WH_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres bench/seed.sh
#
# 1. `wh generate retail-history` writes an Online-Retail-shaped orders CSV of BENCH_SEED_ROWS rows
#    (default 1,000,000) into a wh project's seeds/ (a Python stand-in when that command is missing);
# 2. psql: `\copy` into a table created beforehand with the same column types (only the copy is timed);
# 3. wh: `wh seed --full-refresh` of that project (column_types in project.yml, schema bench_seed_wh);
# 4. dbt: `dbt seed --full-refresh` of the first BENCH_DBT_SEED_ROWS rows (default 100,000; dbt does about
#    400 rows/s) in a dbt project with the same column_types, into a fresh schema.
# psql and wh run BENCH_RUNS times (default 3, median), dbt BENCH_DBT_RUNS times (default 1). After each
# run the table's row count is checked. Prints a Markdown table, also written to bench/out/seed.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

wh="${WH:-.build/release/wh}"
rows="${BENCH_SEED_ROWS:-1000000}"
dbt_rows="${BENCH_DBT_SEED_ROWS:-100000}"
runs="${BENCH_RUNS:-3}"
dbt_runs="${BENCH_DBT_RUNS:-1}"
out="${BENCH_OUT:-$root/bench/out}"
wh_timeout="${BENCH_WH_TIMEOUT:-600}"
psql_timeout="${BENCH_PSQL_TIMEOUT:-600}"
dbt_timeout="${BENCH_DBT_TIMEOUT:-3600}"
source "$root/bench/lib.sh"

is_count "$rows" || fail "BENCH_SEED_ROWS must be a positive integer, got '$rows'"
is_count "$dbt_rows" || fail "BENCH_DBT_SEED_ROWS must be a positive integer, got '$dbt_rows'"
[ "$dbt_rows" -le "$rows" ] || dbt_rows="$rows"
check_runs BENCH_RUNS "$runs"
check_runs BENCH_DBT_RUNS "$dbt_runs"
require_wh

work="$out/seed"
wh_project="$work/wh_project"
dbt_project="$work/dbt_project"
csv="$wh_project/seeds/orders.csv"
dbt_csv="$dbt_project/seeds/orders.csv"
header="invoice_no,stock_code,description,quantity,invoice_date,unit_price,customer_id,country"
column_types="invoice_no: text
stock_code: text
description: text
quantity: integer
invoice_date: timestamp
unit_price: numeric(10,2)
customer_id: text
country: text"
table_columns="$(echo "$column_types" | sed -E 's/^([a-z_]+): (.*)$/\1 \2/' | paste -sd, | sed 's/,/, /g')"

rm -rf "$work"
mkdir -p "$wh_project/seeds" "$dbt_project/seeds"

# The same seed config for both tools; wh also reads its target schema from project.yml.
seed_config() {
    echo "seeds:"
    echo "  bench_seed:"
    echo "    orders:"
    echo "      +column_types:"
    echo "$column_types" | sed 's/^/        /'
}
{
    echo "name: bench_seed"
    echo "config-version: 2"
    echo "target:"
    echo "  name: bench"
    echo "  schema: bench_seed_wh"
    echo "  threads: 4"
    seed_config
} >"$wh_project/project.yml"
{
    echo "name: bench_seed"
    echo "config-version: 2"
    echo "profile: bench"
    echo "seed-paths: [\"seeds\"]"
    seed_config
} >"$dbt_project/dbt_project.yml"

# The Online Retail shape `wh generate retail-history` writes, for wh builds that lack it: deterministic,
# about 90 bytes a row, cancellations (C-prefixed invoices, negative quantities), missing customers and
# quoted descriptions.
python_stand_in() {
    timeout 600 python3 - "$1" "$2" <<'PY'
import datetime
import random
import sys

count, path = int(sys.argv[1]), sys.argv[2]
rng = random.Random(20261123)
start = datetime.datetime(2010, 12, 1)
words = ["WHITE", "HANGING", "HEART", "T-LIGHT", "HOLDER", "METAL", "LANTERN", "CREAM", "CUPID", "HEARTS",
         "COAT", "HANGER", "KNITTED", "UNION", "FLAG", "HOT", "WATER", "BOTTLE", "RED", "WOOLLY", "HOTTIE",
         "SET", "OF", "6", "BABUSHKA", "NESTING", "BOXES", "GLASS", "STAR", "FROSTED", "VINTAGE", "JUMBO"]
products = []
for index in range(4000):
    description = " ".join(rng.choice(words) for _ in range(rng.randint(3, 6)))
    if index % 97 == 0:
        description += ", ASSORTED"
    products.append(("%05d%s" % (10000 + index * 19 % 90000, rng.choice(["", "", "A", "B"])), description,
                     rng.randint(10, 2000)))
countries = ["United Kingdom"] * 18 + ["Germany", "France", "EIRE", "Spain", "Netherlands", "Belgium"]
with open(path, "w", newline="\n") as handle:
    handle.write("invoice_no,stock_code,description,quantity,invoice_date,unit_price,customer_id,country\n")
    invoice, minute, lines_left, cancelled, customer, country = 536365, 0, 0, False, "", ""
    lines = []
    for _ in range(count):
        if lines_left == 0:
            invoice += 1
            minute += rng.randint(1, 4)
            lines_left = rng.randint(1, 30)
            cancelled = rng.random() < 0.02
            customer = "" if rng.random() < 0.2 else str(rng.randint(12346, 18287))
            country = rng.choice(countries)
        lines_left -= 1
        code, description, cents = products[rng.randrange(len(products))]
        quantity = rng.randint(1, 24) * (-1 if cancelled else 1)
        day, rest = divmod(minute, 600)
        stamp = (start + datetime.timedelta(days=day, minutes=8 * 60 + rest)).strftime("%Y-%m-%d %H:%M:00")
        quoted = '"%s"' % description if "," in description else description
        lines.append("%s%d,%s,%s,%d,%s,%d.%02d,%s,%s\n" % ("C" if cancelled else "", invoice, code, quoted,
                                                           quantity, stamp, cents // 100, cents % 100,
                                                           customer, country))
        if len(lines) == 10000:
            handle.writelines(lines)
            lines = []
    handle.writelines(lines)
PY
}

# True when $1 is a CSV with the orders header and exactly $2 data lines.
is_orders_csv() {
    [ -s "$1" ] && [ "$(head -n 1 "$1")" = "$header" ] && [ "$(($(wc -l <"$1") - 1))" -eq "$2" ]
}

generator="wh generate retail-history"
if ! timeout "$wh_timeout" "$wh" generate retail-history --rows "$rows" --output "$csv" >"$work/generate.log" 2>&1 ||
    ! is_orders_csv "$csv" "$rows"; then
    generator="Python stand-in (\`$wh generate retail-history\` failed or wrote no $rows-row orders CSV)"
    echo "$bench_name: $generator; see $work/generate.log" >&2
    python_stand_in "$rows" "$csv"
    is_orders_csv "$csv" "$rows" || fail "the Python stand-in did not write $rows rows to $csv"
fi
head -n "$((dbt_rows + 1))" "$csv" >"$dbt_csv"
bytes="$(wc -c <"$csv")"
dbt_bytes="$(wc -c <"$dbt_csv")"
echo "$bench_name: $rows rows, $bytes bytes in $csv ($generator)" >&2

start_database
sql "drop schema if exists bench_seed_psql cascade; drop schema if exists bench_seed_wh cascade;
     drop schema if exists bench_seed_dbt cascade; create schema bench_seed_psql" >/dev/null

# The check after each run: a tool that exits 0 having loaded nothing must not look fast, and one that
# loaded other types (dbt's float8 for numeric, say) does different work.
column_list() {
    sql "select string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' order by attnum)
         from pg_attribute where attrelid = '$1'::regclass and attnum > 0 and not attisdropped"
}
reset_psql_table() {
    sql "drop table if exists bench_seed_psql.orders; create table bench_seed_psql.orders ($table_columns)" >/dev/null
}
reset_psql_table
expected_columns="$(column_list bench_seed_psql.orders)"
expected_rows=""
check_table=""
check_rows() {
    local found columns
    if ! found="$(sql "select count(*) from $check_table" 2>&1)"; then
        echo "$bench_name: cannot count the rows of $check_table: $(head -n 1 <<<"$found")" >&2
        return 1
    fi
    if [ "$found" != "$expected_rows" ]; then
        echo "$bench_name: $check_table holds $found rows, expected $expected_rows" >&2
        return 1
    fi
    columns="$(column_list "$check_table")"
    if [ "$columns" != "$expected_columns" ]; then
        echo "$bench_name: $check_table has columns ($columns), expected ($expected_columns)" >&2
        return 1
    fi
}
drop_dbt_schema() { sql "drop schema if exists bench_seed_dbt cascade" >/dev/null; }

# "<wall s>" of a successful measurement, else "failed"; sets status on failure.
status=0
median_wall() {
    local result
    if result="$(measure_median "$@")"; then
        echo "${result%% *}"
    else
        echo "failed"
    fi
}

echo "$bench_name: psql \\copy, $runs runs" >&2
expected_rows="$rows" check_table="bench_seed_psql.orders"
psql_wall="$(BENCH_BEFORE_RUN=reset_psql_table BENCH_AFTER_RUN=check_rows median_wall "$psql_timeout" "$runs" \
    "$work/psql.log" psql "$database_url" -X -q -v ON_ERROR_STOP=1 -c "\\copy bench_seed_psql.orders from '$csv' csv header")"

echo "$bench_name: wh seed --full-refresh, $runs runs" >&2
check_table="bench_seed_wh.orders"
wh_wall="failed"
if wh_has_command seed; then
    wh_wall="$(BENCH_AFTER_RUN=check_rows median_wall "$wh_timeout" "$runs" "$work/wh.log" \
        env WH_DATABASE_URL="$database_url" "$wh" seed --project-dir "$wh_project" --full-refresh)"
fi

echo "$bench_name: dbt seed --full-refresh of $dbt_rows rows, $dbt_runs run(s)" >&2
expected_rows="$dbt_rows" check_table="bench_seed_dbt.orders"
"$root/bench/dbt.sh" --version >/dev/null
dbt_wall="$(BENCH_BEFORE_RUN=drop_dbt_schema BENCH_AFTER_RUN=check_rows median_wall "$dbt_timeout" "$dbt_runs" \
    "$work/dbt.log" env DBT_SCHEMA=bench_seed_dbt "$root/bench/dbt.sh" seed --full-refresh --project-dir "$dbt_project")"

read -r psql_rate psql_mbs < <(rates "$rows" "$bytes" "$psql_wall")
read -r wh_rate wh_mbs < <(rates "$rows" "$bytes" "$wh_wall")
read -r dbt_rate dbt_mbs < <(rates "$dbt_rows" "$dbt_bytes" "$dbt_wall")
wh_vs_psql="$(ratio "$wh_rate" "$psql_rate")"
wh_vs_dbt="$(ratio "$wh_rate" "$dbt_rate" "%.0f")"
for wall in "$psql_wall" "$wh_wall" "$dbt_wall"; do [ "$wall" != "failed" ] || status=1; done

mb="$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')"
dbt_mb="$(awk -v b="$dbt_bytes" 'BEGIN { printf "%.1f", b / 1e6 }')"
{
    echo "seed benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), wh=$wh, database: $database_origin"
    echo "CSV: $generator; median of $runs psql and wh runs, $dbt_runs dbt run(s)"
    echo
    echo "| loader | rows | MB | wall s | rows/s | MB/s | wh rows/s ÷ this |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    echo "| psql \\copy | $rows | $mb | $psql_wall | $(show_rate "$psql_rate") | $psql_mbs | $wh_vs_psql (target ≥ 0.90x) |"
    echo "| wh seed --full-refresh | $rows | $mb | $wh_wall | $(show_rate "$wh_rate") | $wh_mbs | $(ratio "$wh_rate" "$wh_rate") |"
    echo "| dbt seed --full-refresh | $dbt_rows | $dbt_mb | $dbt_wall | $(show_rate "$dbt_rate") | $dbt_mbs | $wh_vs_dbt |"
} | tee "$out/seed.md"
exit "$status"
