

select
    orders.order_id,
    orders.customer_id,
    orders.order_date,
    orders.status,
    orders.amount
from "warehouse"."public_marts"."orders" as orders

