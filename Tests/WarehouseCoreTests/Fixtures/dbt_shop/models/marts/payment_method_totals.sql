{{ config(tags=['finance']) }}

select
    payment_method,
    count(*) as number_of_payments,
    sum(amount) as total_amount
from {{ ref('int_valid_payments') }}
group by payment_method
