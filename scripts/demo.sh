#!/usr/bin/env bash
# The README's main job: the example shop warehouse on the embedded defaults (its own Postgres, its own Kafka):
# orders arrive on Kafka (some malformed, some sent twice) beside the CSV history, are ingested exactly once,
# and the warehouse is built, tested and its KPIs shown.
set -euo pipefail
cd "$(dirname "$0")/.."

wh=.build/release/wh
[ -x "$wh" ] || { echo "demo: $wh is missing; run 'make build' first" >&2; exit 1; }

"$wh" db start

# The embedded Kafka broker (librdkafka's mock cluster) lives as long as this script.
mkdir -p .wh/kafka
rm -f .wh/kafka/bootstrap
"$wh" kafka up --partitions 4 >.wh/kafka/up.log 2>&1 &
kafka_pid=$!
trap 'kill "$kafka_pid" 2>/dev/null || true; wait "$kafka_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
    [ -s .wh/kafka/bootstrap ] && break
    kill -0 "$kafka_pid" 2>/dev/null || { cat .wh/kafka/up.log >&2; exit 1; }
    sleep 0.1
done
[ -s .wh/kafka/bootstrap ] || { echo "demo: the embedded Kafka did not start" >&2; cat .wh/kafka/up.log >&2; exit 1; }
echo "Kafka (embedded) at $(cat .wh/kafka/bootstrap)"

"$wh" generate orders --to kafka:orders --count 5000 --bad-ratio 0.02 --duplicate-ratio 0.03 --seed 7
"$wh" ingest kafka --until-caught-up
"$wh" build

query() {
    echo
    echo "== $1"
    "$wh" db psql -- --no-psqlrc --pset footer=off -c "$2"
}

query "Orders from Kafka: events loaded, re-sent copies dropped in silver, rejected at ingest" \
    "select (select count(*) from bronze.order_events) as events_loaded,
            (select count(*) - count(distinct event_id) from bronze.order_events) as resent_copies,
            (select count(*) from bronze.order_events_rejects) as rejected"
query "Sales, returns and net revenue" \
    "select sum(sales_revenue) as sales_revenue, sum(returns_value) as returns_value,
            sum(net_revenue) as net_revenue, sum(orders) as orders
     from gold.kpi_sales_monthly"
query "Top 5 products by sales revenue" \
    "select revenue_rank, stock_code, description, sales_revenue
     from gold.kpi_top_products order by revenue_rank limit 5"
query "Sales by region" \
    "select region, sum(sales_revenue) as sales_revenue
     from gold.kpi_sales_by_country group by region order by 2 desc"
query "Customers (latest month)" \
    "select month_start, total_customers, loyal_customers
     from gold.kpi_customer_summary order by month_start desc limit 1"
echo
echo "The warehouse is in the embedded Postgres: '$wh db psql' opens it, '$wh db stop' stops it."
