{{ config(materialized='view') }}

-- Cancelled invoices per month; values are positive amounts of money returned.
select
    dates.month_start,
    count(distinct facts.invoice_no) as cancelled_invoices,
    count(*) as returned_lines,
    -sum(facts.quantity) as returned_units,
    -sum(facts.revenue) as returns_value
from {{ ref('fact_orders') }} as facts
inner join {{ ref('dim_time') }} as dates
    on dates.date_key = facts.date_key
where facts.is_return
group by dates.month_start
