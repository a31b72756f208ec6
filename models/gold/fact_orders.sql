-- Order-line grain. Returns keep their negative quantity, so revenue sums to net revenue.
--
-- Incremental: a build merges only the lines that are new or whose row changed. A new stock code or customer
-- renumbers the dimensions' surrogate keys, so every line is joined again, but only lines whose keys moved are
-- written.
{{ config(materialized='incremental', unique_key='line_key', incremental_strategy='merge', on_schema_change='fail') }}

with current_lines as (

    select
        lines.line_key,
        cast(to_char(lines.invoice_date, 'YYYYMMDD') as integer) as date_key,
        products.product_key,
        coalesce(customers.customer_key, -1) as customer_key,
        lines.invoice_no,
        lines.invoice_ts,
        lines.country,
        lines.quantity,
        lines.unit_price,
        lines.line_amount as revenue,
        lines.is_return
    from {{ ref('silver_order_lines') }} as lines
    inner join {{ ref('dim_product') }} as products
        on products.stock_code = lines.stock_code
    left join {{ ref('dim_customer') }} as customers
        on customers.customer_id = lines.customer_id

)

select * from current_lines
{% if is_incremental() %}
where not exists (
    select 1 from {{ this }} as built
    where built.line_key = current_lines.line_key
        and (built.*) is not distinct from (current_lines.*)
)
{% endif %}
