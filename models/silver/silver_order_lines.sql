-- Typed, deduplicated order lines from both doors: the CSV history (rows identical in all eight fields are one
-- line) and the Kafka order events (a re-sent event, same event_id, counts once). A cancelled or returned order
-- arrives as a new event about the same order; like the history's 'C' invoices it is a return of its lines.
--
-- Incremental: a build after new events reads and merges only their lines. An invoice always arrives whole (one
-- event, or one invoice of the CSV), so numbering its lines needs nothing already built. An edit inside an invoice
-- already loaded from the CSV needs `wh build --full-refresh`.
{{ config(materialized='incremental', unique_key='line_key', incremental_strategy='merge', on_schema_change='fail') }}

with history as (

    select distinct
        invoice_no,
        stock_code,
        description,
        quantity,
        invoice_date,
        unit_price,
        customer_id,
        country
    from {{ ref('retail_history') }}
    {% if is_incremental() %}
    where trim(invoice_no) not in (select invoice_no from {{ this }} where event_id is null)
    {% endif %}

),

events as (

    select
        *,
        row_number() over (partition by event_id order by kafka_partition, kafka_offset) as copy_number
    from {{ source('bronze', 'order_events') }} as bronze
    {% if is_incremental() %}
    where not exists (select 1 from {{ this }} as built where built.event_id = bronze.event_id)
    {% endif %}

),

event_lines as (

    select
        case when events.status = 'placed' then events.order_id else 'C' || events.order_id end as invoice_no,
        line.value ->> 'sku' as stock_code,
        line.value ->> 'name' as description,
        cast(line.value ->> 'quantity' as integer) * case when events.status = 'placed' then 1 else -1 end as quantity,
        cast(events.occurred_at at time zone 'UTC' as timestamp) as invoice_date,
        line.value ->> 'unit_price' as unit_price,
        events.customer_id,
        events.country,
        events.event_id
    from events
    cross join lateral jsonb_array_elements(events.payload -> 'lines') as line
    where events.copy_number = 1

),

typed as (

    select
        trim(invoice_no) as invoice_no,
        trim(stock_code) as stock_code,
        description,
        cast(quantity as integer) as quantity,
        cast(unit_price as numeric(10, 2)) as unit_price,
        cast(invoice_date as timestamp) as invoice_ts,
        nullif(trim(cast(customer_id as text)), '') as customer_id,
        country,
        cast(null as text) as event_id
    from history

    union all

    select
        invoice_no,
        stock_code,
        description,
        quantity,
        cast(unit_price as numeric(10, 2)),
        invoice_date,
        customer_id,
        country,
        event_id
    from event_lines

),

numbered as (

    select
        *,
        row_number() over (
            partition by invoice_no
            order by
                stock_code collate "C", quantity, unit_price, description collate "C", invoice_ts,
                customer_id collate "C", country collate "C"
        ) as line_number
    from typed

)

select
    invoice_no || '-' || line_number as line_key,
    invoice_no,
    line_number,
    stock_code,
    description,
    quantity,
    unit_price,
    {{ cents('quantity * unit_price') }} as line_amount,
    invoice_ts,
    cast(invoice_ts as date) as invoice_date,
    customer_id,
    country,
    invoice_no like 'C%' as is_return,
    event_id
from numbered
