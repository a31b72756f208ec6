select
    cast(row_number() over (order by stock_code collate "C") as integer) as product_key,
    stock_code,
    description,
    category
from {{ ref('silver_products') }}
