

with __dbt__cte__int_valid_payments as (



select
    payment_id,
    order_id,
    payment_method,
    amount
from "warehouse"."public"."stg_payments"
where payment_method != 'none'
) select
    payment_method,
    count(*) as number_of_payments,
    sum(amount) as total_amount
from __dbt__cte__int_valid_payments
group by payment_method