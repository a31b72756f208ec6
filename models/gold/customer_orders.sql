{{ config(materialized='view') }}

-- Each known customer's invoices, cancellations included, with their totals and a running net spend.
with invoices as (

    select
        customer_key,
        invoice_no,
        min(invoice_ts) as invoice_ts,
        bool_or(is_return) as is_return,
        count(*) as line_count,
        sum(quantity) as units,
        sum(revenue) as invoice_total
    from {{ ref('fact_orders') }}
    where customer_key <> -1
    group by customer_key, invoice_no

)

select
    invoices.customer_key,
    customers.customer_id,
    invoices.invoice_no,
    invoices.invoice_ts,
    invoices.is_return,
    invoices.line_count,
    invoices.units,
    invoices.invoice_total,
    sum(invoices.invoice_total) over (
        partition by invoices.customer_key
        order by invoices.invoice_ts, invoices.invoice_no collate "C"
        rows between unbounded preceding and current row
    ) as running_net_spend
from invoices
inner join {{ ref('dim_customer') }} as customers
    on customers.customer_key = invoices.customer_key
