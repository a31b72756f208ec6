-- Typed, deduplicated order lines: rows identical in all eight CSV fields are one line.
with raw_lines as (

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
        country
    from raw_lines

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
    invoice_no like 'C%' as is_return
from numbered
