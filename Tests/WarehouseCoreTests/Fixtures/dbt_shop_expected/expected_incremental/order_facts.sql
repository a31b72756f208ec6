

select
    orders.order_id,
    orders.customer_id,
    orders.order_date,
    orders.status,
    orders.amount
from "warehouse"."public_marts"."orders" as orders



-- only orders newer than the newest one already loaded
where orders.order_date > (select max(order_date) from "warehouse"."public_marts"."order_facts")

