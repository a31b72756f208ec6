{{ config(materialized='ephemeral') }}

with payments as (

    select * from {{ ref('int_valid_payments') }}

),

orders as (

    select * from {{ ref('stg_orders') }}

)

select
    orders.customer_id,
    round(sum(payments.amount), {{ var('dollars_scale', 4) }}) as total_amount
from payments
inner join orders
    on payments.order_id = orders.order_id
group by orders.customer_id
