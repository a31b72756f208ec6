-- One row per stock code: the description of its most recent line, and its category from the seed.
with described as (

    select
        stock_code,
        description,
        row_number() over (partition by stock_code order by invoice_ts desc, description collate "C") as recency_rank
    from {{ ref('silver_order_lines') }}

)

select
    described.stock_code,
    described.description,
    coalesce(categories.category, 'Uncategorized') as category
from described
left join {{ ref('product_categories') }} as categories
    on categories.stock_code = described.stock_code
where described.recency_rank = 1
