{{ config(materialized='view') }}

-- What each known customer spent: sales, returns and the net, with the average order value.
select
    customers.customer_key,
    customers.customer_id,
    customers.country,
    customers.region,
    customers.is_loyal,
    customers.order_count,
    coalesce(sum(facts.revenue) filter (where not facts.is_return), 0) as gross_spend,
    coalesce(-sum(facts.revenue) filter (where facts.is_return), 0) as returns_value,
    coalesce(sum(facts.revenue), 0) as net_spend,
    round(
        coalesce(sum(facts.revenue) filter (where not facts.is_return), 0) / nullif(customers.order_count, 0), 2
    ) as average_order_value
from {{ ref('dim_customer') }} as customers
left join {{ ref('fact_orders') }} as facts
    on facts.customer_key = customers.customer_key
where customers.customer_key <> -1
group by
    customers.customer_key,
    customers.customer_id,
    customers.country,
    customers.region,
    customers.is_loyal,
    customers.order_count
