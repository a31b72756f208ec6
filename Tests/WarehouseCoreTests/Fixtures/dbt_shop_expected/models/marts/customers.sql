with  __dbt__cte__int_valid_payments as (



select
    payment_id,
    order_id,
    payment_method,
    amount
from "warehouse"."public"."stg_payments"
where payment_method != 'none'
),  __dbt__cte__int_customer_payments as (


with payments as (

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
), customers as (

    select * from "warehouse"."public"."stg_customers"

),

orders as (

    select * from "warehouse"."public"."stg_orders"

),

customer_payments as (

    select * from __dbt__cte__int_customer_payments

),

customer_orders as (

    select
        customer_id,
        min(order_date) as first_order,
        max(order_date) as most_recent_order,
        count(order_id) as number_of_orders
    from orders
    group by customer_id

),

final as (

    select
        customers.customer_id,
        customers.first_name,
        customers.last_name,
        customer_orders.first_order,
        customer_orders.most_recent_order,
        coalesce(customer_orders.number_of_orders, 0) as number_of_orders,
        coalesce(customer_payments.total_amount, 0) as customer_lifetime_value

    from customers

    left join customer_orders
        on customers.customer_id = customer_orders.customer_id

    left join customer_payments
        on customers.customer_id = customer_payments.customer_id

)

select * from final