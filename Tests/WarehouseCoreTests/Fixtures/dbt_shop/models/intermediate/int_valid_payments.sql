{{ config(materialized='ephemeral') }}

{# Payments of every method except the one excluded by the `excluded_payment_method` var (unset by default). #}
select
    payment_id,
    order_id,
    payment_method,
    amount
from {{ ref('stg_payments') }}
where payment_method != '{{ var("excluded_payment_method", "none") }}'
