

with  __dbt__cte__int_valid_payments as (



select
    payment_id,
    order_id,
    payment_method,
    amount
from "warehouse"."public"."stg_payments"
where payment_method != 'none'
), payments as (

    select * from __dbt__cte__int_valid_payments

),

orders as (

    select * from "warehouse"."public"."stg_orders"

)

select
    orders.customer_id,
    round(sum(payments.amount), 2) as total_amount
from payments
inner join orders
    on payments.order_id = orders.order_id
group by orders.customer_id