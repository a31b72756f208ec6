{{ config(materialized='view') }}
{% set top_n = 10 %}

-- The best-selling products by sales revenue; returns do not count against it.
with product_sales as (

    select
        product_key,
        count(distinct invoice_no) as orders,
        sum(quantity) as units_sold,
        sum(revenue) as sales_revenue
    from {{ ref('fact_orders') }}
    where not is_return
    group by product_key

),

ranked as (

    select
        row_number() over (order by product_sales.sales_revenue desc, products.stock_code collate "C") as revenue_rank,
        products.product_key,
        products.stock_code,
        products.description,
        products.category,
        product_sales.orders,
        product_sales.units_sold,
        product_sales.sales_revenue
    from product_sales
    inner join {{ ref('dim_product') }} as products
        on products.product_key = product_sales.product_key

)

select * from ranked
where revenue_rank <= {{ top_n }}
