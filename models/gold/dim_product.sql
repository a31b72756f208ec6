select
    cast(row_number() over (order by stock_code) as integer) as product_key,
    stock_code,
    description,
    category
from {{ ref('silver_products') }}
