-- One row per known customer id; lines without a customer id are left to dim_customer's unknown member.
with lines as (

    select * from {{ ref('silver_order_lines') }}
    where customer_id is not null

),

first_lines as (

    select
        customer_id,
        country,
        row_number() over (partition by customer_id order by invoice_ts, invoice_no collate "C", line_number) as line_rank
    from lines

),

activity as (

    select
        customer_id,
        count(distinct invoice_no) filter (where not is_return) as order_count,
        count(distinct invoice_no) filter (where is_return) as cancelled_invoice_count,
        min(invoice_ts) filter (where not is_return) as first_order_ts,
        max(invoice_ts) filter (where not is_return) as last_order_ts
    from lines
    group by customer_id

),

-- The e-mail address on the customer's latest order event; the CSV history carries none.
emails as (

    select distinct on (nullif(trim(customer_id), ''))
        nullif(trim(customer_id), '') as customer_id,
        payload ->> 'customer_email' as email
    from {{ source('bronze', 'order_events') }}
    where nullif(trim(customer_id), '') is not null
    order by nullif(trim(customer_id), ''), occurred_at desc, kafka_partition, kafka_offset desc

)

select
    activity.customer_id,
    first_lines.country,
    emails.email,
    activity.first_order_ts,
    cast(activity.first_order_ts as date) as first_order_date,
    cast(activity.last_order_ts as date) as last_order_date,
    activity.order_count,
    activity.cancelled_invoice_count
from activity
inner join first_lines
    on first_lines.customer_id = activity.customer_id
    and first_lines.line_rank = 1
left join emails
    on emails.customer_id = activity.customer_id
