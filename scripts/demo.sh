#!/usr/bin/env bash
# The README's main job: build the example shop warehouse on the embedded Postgres and show its KPIs.
set -euo pipefail
cd "$(dirname "$0")/.."

wh=.build/release/wh
[ -x "$wh" ] || { echo "demo: $wh is missing; run 'make build' first" >&2; exit 1; }

"$wh" db start
"$wh" build

query() {
    echo
    echo "== $1"
    "$wh" db psql -- --no-psqlrc --pset footer=off -c "$2"
}

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
