

with orders as (

    select * from "warehouse"."public"."stg_orders"

),

payments as (

    select * from "warehouse"."public"."stg_payments"

),

order_payments as (

    select
        order_id,

        coalesce(sum(case when payment_method = 'credit_card' then amount end), 0) as credit_card_amount,
        coalesce(sum(case when payment_method = 'coupon' then amount end), 0) as coupon_amount,
        coalesce(sum(case when payment_method = 'bank_transfer' then amount end), 0) as bank_transfer_amount,
        coalesce(sum(case when payment_method = 'gift_card' then amount end), 0) as gift_card_amount,
        sum(amount) as total_amount

    from payments

    group by order_id

),

final as (

    select
        orders.order_id,
        orders.customer_id,
        orders.order_date,
        orders.status,
        
        order_payments.credit_card_amount,
        order_payments.coupon_amount,
        order_payments.bank_transfer_amount,
        order_payments.gift_card_amount,
        order_payments.total_amount as amount

    from orders

    left join order_payments
        on orders.order_id = order_payments.order_id

)

select * from final