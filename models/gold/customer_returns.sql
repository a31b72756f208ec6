{{ config(materialized='view') }}

-- Customers who cancelled at least one invoice: what they returned, and as a share of what they bought.
with returns as (

    select
        customer_key,
        count(distinct invoice_no) as cancelled_invoices,
        count(*) as returned_lines,
        -sum(quantity) as returned_units
    from {{ ref('fact_orders') }}
    where is_return
        and customer_key <> -1
    group by customer_key

)

select
    spend.customer_key,
    spend.customer_id,
    returns.cancelled_invoices,
    returns.returned_lines,
    returns.returned_units,
    spend.returns_value,
    spend.gross_spend,
    round(spend.returns_value / nullif(spend.gross_spend, 0), 4) as return_rate
from returns
inner join {{ ref('customer_spend') }} as spend
    on spend.customer_key = returns.customer_key
