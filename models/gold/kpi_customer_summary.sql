{{ config(materialized='view') }}
{% set loyal_min_orders = var('loyal_min_orders') %}

-- Per month: customers who ordered for the first time, who ordered at all, and running totals of
-- customers and of loyal customers (those whose {{ loyal_min_orders }}th order has happened by then).
with orders as (

    select distinct
        facts.customer_key,
        facts.invoice_no,
        facts.invoice_ts,
        dates.month_start
    from {{ ref('fact_orders') }} as facts
    inner join {{ ref('dim_time') }} as dates
        on dates.date_key = facts.date_key
    where not facts.is_return
        and facts.customer_key <> -1

),

numbered as (

    select
        *,
        row_number() over (partition by customer_key order by invoice_ts, invoice_no collate "C") as order_number
    from orders

),

monthly as (

    select
        month_start,
        count(distinct customer_key) as active_customers,
        count(*) filter (where order_number = 1) as new_customers,
        count(*) filter (where order_number = {{ loyal_min_orders }}) as newly_loyal_customers
    from numbered
    group by month_start

)

select
    month_start,
    active_customers,
    new_customers,
    newly_loyal_customers,
    sum(new_customers) over (order by month_start) as total_customers,
    sum(newly_loyal_customers) over (order by month_start) as loyal_customers
from monthly
