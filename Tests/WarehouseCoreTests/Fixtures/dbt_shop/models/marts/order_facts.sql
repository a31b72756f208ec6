{{
    config(
        materialized='incremental',
        unique_key='order_id',
        tags=['finance']
    )
}}

select
    orders.order_id,
    orders.customer_id,
    orders.order_date,
    orders.status,
    orders.amount
from {{ ref('orders') }} as orders

{% if is_incremental() %}

-- only orders newer than the newest one already loaded
where orders.order_date > (select max(order_date) from {{ this }})

{% endif %}
