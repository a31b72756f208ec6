-- Order-line grain. Returns keep their negative quantity, so revenue sums to net revenue.
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
