with source as (

    select * from "warehouse"."public_raw"."raw_payments"

),

renamed as (

    select
        id as payment_id,
        order_id,
        payment_method,

        -- `amount` is stored in cents, convert it to dollars
        (amount / 100)::numeric(16, 2) as amount

    from source

)

select * from renamed