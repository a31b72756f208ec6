-- Fails when the fact lost or duplicated lines on its way from silver (for example through a dimension join).
with silver as (

    select count(*) as line_count, sum(line_amount) as amount
    from {{ ref('silver_order_lines') }}

),

fact as (

    select count(*) as line_count, sum(revenue) as amount
    from {{ ref('fact_orders') }}

)

select silver.line_count, fact.line_count, silver.amount, fact.amount
from silver
cross join fact
where silver.line_count <> fact.line_count
    or silver.amount <> fact.amount
