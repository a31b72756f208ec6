{{ config(materialized='incremental', unique_key='customer', incremental_strategy='delete+insert') }}
select customer, sum(amount) as total, count(*) as orders, max(updated_at) as last_update
from {{ source('raw', 'orders') }}
{% if is_incremental() %}
where customer in (
    select customer from {{ source('raw', 'orders') }}
    where updated_at > (select max(last_update) from {{ this }})
)
{% endif %}
group by customer
