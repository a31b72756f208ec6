-- Refunds are negative payments; an order's total must never go below zero.
select
    order_id,
    amount
from "warehouse"."public_marts"."orders"
where amount < 0