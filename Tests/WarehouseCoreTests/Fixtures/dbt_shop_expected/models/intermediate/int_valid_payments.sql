


select
    payment_id,
    order_id,
    payment_method,
    amount
from "warehouse"."public"."stg_payments"
where payment_method != 'none'