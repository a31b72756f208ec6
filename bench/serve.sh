#!/usr/bin/env bash
# Serve benchmark: `wh serve` (release build) under `wrk --latency --timeout 10s -d 10s -c 64 -t 2`, side by side
# with the seed projects' stack, FastAPI + uvicorn[standard] (2 workers) + psycopg, serving the same queries:
#   (a) a cached KPI: top_products?n=10, the same URL again and again (served from wh's cache);
#   (b) a light uncached KPI: the 10 top products read from a precomputed table (bench_top_products, added to the
#       copy with `cache_seconds: 0`), so every request queries Postgres;
#   (c) a heavy uncached KPI: a group-by over the whole fact table (bench_product_sales, likewise);
#   (d) the ceiling: a minimal Hummingbird handler in the same binary returning (a)'s bytes from memory
#       (`WH_BENCH_CEILING_FILE`, bench only), and FastAPI returning the same bytes from memory;
#   and event intake: POST /api/events/orders, one event per request (bench/serve_events.lua), each answered 201 only
#   after the broker's acknowledgement; then `wh ingest kafka` loads them and each must be in bronze exactly once.
# Targets: cached >= 0.7x the ceiling with p99 < 10 ms; uncached light >= 3x FastAPI; heavy >= 1x FastAPI.
#
#   bench/serve.sh
#   WH=path/to/wh WH_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres bench/serve.sh
#
# The example warehouse is copied to bench/out/serve/example with a generated retail_history of BENCH_SERVE_LINES
# order lines (default 100,000) and built once. FastAPI and its server are installed in bench/.venv-serve (pinned
# below; gitignored: bench/.venv is dbt.sh's). Knobs: BENCH_SERVE_SECONDS (default 10), BENCH_SERVE_CONNECTIONS (default 64),
# BENCH_SERVE_PORT (default 18080; FastAPI gets +1). Prints a Markdown table, also written to bench/out/serve.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

wh="${WH:-.build/release/wh}"
out="${BENCH_OUT:-$root/bench/out}"
lines="${BENCH_SERVE_LINES:-100000}"
seconds="${BENCH_SERVE_SECONDS:-10}"
connections="${BENCH_SERVE_CONNECTIONS:-64}"
port="${BENCH_SERVE_PORT:-18080}"
fastapi_port=$((port + 1))
venv="$root/bench/.venv-serve"
source "$root/bench/lib.sh"

require_wh
wh_has_command serve && wh_has_command kafka up && wh_has_command ingest kafka ||
    fail "this wh has no serve, kafka up or ingest kafka command"
command -v wrk >/dev/null || fail "wrk is missing: apt-get install -y wrk"
command -v curl >/dev/null || fail "curl is missing"
is_count "$lines" && is_count "$seconds" && is_count "$connections" || fail "the BENCH_SERVE_* knobs must be counts"

work="$out/serve"
project="$work/example"
rm -rf "$work"
mkdir -p "$project"
cp -R project.yml models seeds snapshots macros data_tests "$project/"
"$wh" generate retail-history --rows "$lines" --output "$project/seeds/retail_history.csv" >/dev/null ||
    fail "wh generate retail-history failed"
# Bench-only additions to the copy, each never cached (`cache_seconds: 0`) and mirrored by FastAPI below:
# bench_top_products, the 10-row top products precomputed into a table (the light query), and bench_product_sales, a
# group-by over the whole fact table on every request (the heavy one).
cat >"$project/models/gold/bench_top_products.sql" <<'SQL'
{{ config(materialized='table') }}
select * from {{ ref('kpi_top_products') }}
SQL
cat >"$project/models/gold/_bench_kpis.yml" <<'YAML'
version: 2
kpis:
  - name: bench_top_products
    description: Bench only. The 10 best-selling products, precomputed, read on every request.
    model: bench_top_products
    order_by: [revenue_rank]
    cache_seconds: 0
  - name: bench_product_sales
    description: Bench only. Revenue per product over every order line, computed on each request.
    sql: |
      select product_key, count(*) as lines, sum(quantity) as units, sum(revenue) as revenue
      from {{ ref('fact_orders') }} group by product_key order by revenue desc, product_key limit 10
    cache_seconds: 0
YAML
cached_path="/api/kpis/top_products?n=10"
light_path="/api/kpis/bench_top_products"
heavy_path="/api/kpis/bench_product_sales"
# The statements wh runs for those two (a `model:` KPI reads the relation ordered and paged; a `sql:` KPI wraps the
# query), with the limit wh binds, for FastAPI.
light_sql='select * from gold.bench_top_products order by revenue_rank limit 1001 offset 0'
heavy_sql='select * from (select product_key, count(*) as lines, sum(quantity) as units, sum(revenue) as revenue
from gold.fact_orders group by product_key order by revenue desc, product_key limit 10) as kpi limit 1001 offset 0'

# --- the Python baseline, installed once
if ! "$venv/bin/python" -c "import fastapi, uvicorn, psycopg, psycopg_pool, uvloop, httptools" 2>/dev/null; then
    echo "$bench_name: installing FastAPI + uvicorn[standard] + psycopg into $venv" >&2
    python3 -m venv "$venv" || fail "python3 -m venv failed"
    "$venv/bin/pip" install -q "fastapi==0.165.0" "uvicorn[standard]==0.55.0" "psycopg[binary]==3.3.9" \
        "psycopg-pool==3.3.3" || fail "pip install failed"
fi

start_database
export WH_DATABASE_URL="$database_url"
sql "drop schema if exists bronze cascade; drop schema if exists silver cascade;
     drop schema if exists gold cascade; drop schema if exists wh_meta cascade" >/dev/null
echo "$bench_name: building the example warehouse with $lines order lines" >&2
timeout 900 "$wh" build --project-dir "$project" >"$work/build.log" 2>&1 || fail "wh build failed: $(tail -5 "$work/build.log")"
fact_rows="$(sql "select count(*) from gold.fact_orders")"

kafka_pid=""
serve_pid=""
fastapi_pid=""
cleanup() {
    for pid in $serve_pid $fastapi_pid $kafka_pid; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    stop_database
}
trap cleanup EXIT
# 32 partitions: the mock broker keeps about 5 MiB per partition, and a run posts tens of MB of events.
"$wh" kafka up --partitions 32 --topic orders --project-dir "$project" >"$work/kafka.log" 2>&1 &
kafka_pid=$!
for _ in $(seq 1 300); do [ -s "$project/.wh/kafka/bootstrap" ] && break; sleep 0.1; done
[ -s "$project/.wh/kafka/bootstrap" ] || fail "wh kafka up did not start: $(cat "$work/kafka.log")"

# Waits until the URL $1 answers (or the process $2 is gone), 60 s at most.
wait_answering() {
    for _ in $(seq 1 600); do
        curl -fs "$1" >/dev/null 2>&1 && return 0
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

start_serve() {
    env "$@" "$wh" serve --project-dir "$project" --port "$port" >>"$work/serve.log" 2>&1 &
    serve_pid=$!
    wait_answering "http://127.0.0.1:$port/healthz" "$serve_pid" || fail "wh serve did not start: $(tail -5 "$work/serve.log")"
}

# The bytes of the cached KPI become the ceiling's: start once to read them, then again serving them from memory.
start_serve
curl -fsS "http://127.0.0.1:$port$cached_path" -o "$work/ceiling.json" || fail "GET $cached_path failed"
grep -q '"rows"' "$work/ceiling.json" || fail "GET $cached_path did not answer KPI JSON: $(head -c 300 "$work/ceiling.json")"
for path in "$light_path" "$heavy_path"; do
    curl -fsS "http://127.0.0.1:$port$path" | grep -q '"rows"' || fail "GET $path did not answer KPI JSON"
done
kill "$serve_pid"
wait "$serve_pid" 2>/dev/null || true
start_serve WH_BENCH_CEILING_FILE="$work/ceiling.json"
# Warm the new server's cache, so the cached row measures hits rather than 64 concurrent first misses.
curl -fsS "http://127.0.0.1:$port$cached_path" -o /dev/null || fail "GET $cached_path failed"

cat >"$work/fastapi_routes.json" <<JSON
{"$light_path": {"sql": "$(tr "\n" " " <<<"$light_sql")"}, "$heavy_path": {"sql": "$(tr "\n" " " <<<"$heavy_sql")"}}
JSON
(cd "$root/bench" && BENCH_DATABASE_URL="$database_url" BENCH_FASTAPI_ROUTES="$work/fastapi_routes.json" \
    BENCH_FASTAPI_CEILING_FILE="$work/ceiling.json" \
    exec "$venv/bin/uvicorn" serve_fastapi:app --workers 2 --host 127.0.0.1 --port "$fastapi_port" \
    --log-level warning) >"$work/fastapi.log" 2>&1 &
fastapi_pid=$!
wait_answering "http://127.0.0.1:$fastapi_port/bench/ceiling" "$fastapi_pid" || fail "uvicorn did not start: $(tail -5 "$work/fastapi.log")"
curl -fsS "http://127.0.0.1:$fastapi_port$light_path" | grep -q '"rows"' || fail "FastAPI's $light_path failed"

# Runs wrk; prints "<req/s> <p99 ms> <non-2xx count>". Extra arguments go to wrk before the URL.
run_wrk() {
    local name="$1" url="$2"
    shift 2
    wrk --latency --timeout 10s -d "${seconds}s" -c "$connections" -t 2 "$@" "$url" >"$work/$name.wrk" 2>&1 ||
        { echo "- - -"; return 0; }
    awk '
        /^Requests\/sec:/ { rps = $2 }
        /^ +99%/ { v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
                   p99 = (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : v }
        /Non-2xx or 3xx responses:/ { bad = $5 }
        /Socket errors:/ { gsub(",", ""); bad += $4 + $6 + $8 + $10 }
        END { printf "%s %.2f %d\n", rps, p99, bad + 0 }' "$work/$name.wrk"
}

echo "$bench_name: wrk, ${seconds}s at $connections connections per row" >&2
read -r wh_ceiling_rps wh_ceiling_p99 wh_ceiling_bad < <(run_wrk wh_ceiling "http://127.0.0.1:$port/bench/ceiling")
read -r wh_cached_rps wh_cached_p99 wh_cached_bad < <(run_wrk wh_cached "http://127.0.0.1:$port$cached_path")
read -r wh_light_rps wh_light_p99 wh_light_bad < <(run_wrk wh_light "http://127.0.0.1:$port$light_path")
read -r wh_heavy_rps wh_heavy_p99 wh_heavy_bad < <(run_wrk wh_heavy "http://127.0.0.1:$port$heavy_path")
read -r py_ceiling_rps py_ceiling_p99 py_ceiling_bad < <(run_wrk py_ceiling \
    "http://127.0.0.1:$fastapi_port/bench/ceiling")
read -r py_light_rps py_light_p99 py_light_bad < <(run_wrk py_light "http://127.0.0.1:$fastapi_port$light_path")
read -r py_heavy_rps py_heavy_p99 py_heavy_bad < <(run_wrk py_heavy "http://127.0.0.1:$fastapi_port$heavy_path")
kill "$fastapi_pid" 2>/dev/null || true

# Event intake, then ingest: every acknowledged event in bronze once, and nothing else.
sql "create schema if not exists bronze" >/dev/null
read -r events_rps events_p99 events_bad < <(run_wrk events "http://127.0.0.1:$port/api/events/orders" \
    -s "$root/bench/serve_events.lua")
created="$(awk '/^created / { print $2 }' "$work/events.wrk")"
sent="$(awk '/requests in/ { print $1 }' "$work/events.wrk")"
kill "$serve_pid"
wait "$serve_pid" 2>/dev/null || true
serve_pid=""
timeout 600 "$wh" ingest kafka --until-caught-up --project-dir "$project" >"$work/ingest.log" 2>&1 ||
    fail "wh ingest kafka failed: $(tail -5 "$work/ingest.log")"
read -r stored distinct < <(sql "select count(*), count(distinct event_id) from bronze.order_events
    where event_id like 'bench-%'" | tr '|' ' ')
rejected="$(sql "select count(*) from bronze.order_events_rejects")"
# wrk counts only answers it read before its time was up: up to one request per connection was acknowledged
# by the broker but not counted, so bronze holds between `created` and `created + connections` events.
exactly_once="no"
if [ "${created:-0}" -gt 0 ] && [ "$stored" = "$distinct" ] && [ "$rejected" = 0 ] && [ "$stored" -ge "$created" ] &&
    [ "$stored" -le $((created + connections)) ]; then exactly_once="yes"; fi

ratio_of() { ratio "$1" "$2"; }
cached_vs_ceiling="$(ratio_of "$wh_cached_rps" "$wh_ceiling_rps")"
light_vs_fastapi="$(ratio_of "$wh_light_rps" "$py_light_rps")"
heavy_vs_fastapi="$(ratio_of "$wh_heavy_rps" "$py_heavy_rps")"
verdict() { awk -v r="${1%x}" -v t="$2" 'BEGIN { if (r !~ /^[0-9.]+$/) print "-"; else print (r + 0 >= t) ? "met" : "missed" }'; }
p99_verdict="$(awk -v p="$wh_cached_p99" 'BEGIN { print (p + 0 > 0 && p + 0 < 10) ? "met" : "missed" }')"
row() { echo "| $1 | $(show_rate "$2") | $3 | $4 |"; }
{
    echo "serve benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), wh=$wh, database: $database_origin"
    echo "wrk --latency --timeout 10s -d ${seconds}s -c $connections -t 2 on the same machine; fact_orders: $fact_rows rows"
    echo
    echo "| endpoint | req/s | p99 ms | non-2xx |"
    echo "| --- | ---: | ---: | ---: |"
    row "wh ceiling (bytes from memory)" "$wh_ceiling_rps" "$wh_ceiling_p99" "$wh_ceiling_bad"
    row "wh cached $cached_path" "$wh_cached_rps" "$wh_cached_p99" "$wh_cached_bad"
    row "wh uncached $light_path" "$wh_light_rps" "$wh_light_p99" "$wh_light_bad"
    row "wh uncached heavy $heavy_path" "$wh_heavy_rps" "$wh_heavy_p99" "$wh_heavy_bad"
    row "FastAPI bytes from memory" "$py_ceiling_rps" "$py_ceiling_p99" "$py_ceiling_bad"
    row "FastAPI $light_path" "$py_light_rps" "$py_light_p99" "$py_light_bad"
    row "FastAPI heavy $heavy_path" "$py_heavy_rps" "$py_heavy_p99" "$py_heavy_bad"
    row "wh POST /api/events/orders (events/s, acknowledged)" "$events_rps" "$events_p99" "$events_bad"
    echo
    echo "| ratio | value | target | |"
    echo "| --- | ---: | ---: | --- |"
    echo "| cached / ceiling | $cached_vs_ceiling | >= 0.7x, p99 < 10 ms (p99 $wh_cached_p99 ms: $p99_verdict) | $(verdict "$cached_vs_ceiling" 0.7) |"
    echo "| uncached light / FastAPI | $light_vs_fastapi | >= 3x | $(verdict "$light_vs_fastapi" 3) |"
    echo "| uncached heavy / FastAPI | $heavy_vs_fastapi | >= 1x | $(verdict "$heavy_vs_fastapi" 1) |"
    echo
    echo "event intake: $sent requests sent, $created answered 201 within the run; bronze after \`wh ingest kafka\`:" \
        "$stored events, $distinct distinct event_ids, $rejected rejects; each once: $exactly_once"
} | tee "$out/serve.md"
status=0
for check in "$(verdict "$cached_vs_ceiling" 0.7)" "$p99_verdict" "$(verdict "$light_vs_fastapi" 3)" \
    "$(verdict "$heavy_vs_fastapi" 1)"; do
    [ "$check" = "met" ] || status=1
done
[ "$exactly_once" = "yes" ] || status=1
exit "$status"
