-- Known customers keyed 1..n by customer id, plus one unknown member (key -1) for lines without a customer.
{% set unknown_customer_key = -1 %}

with customers as (

    select * from {{ ref('silver_customers') }}

),

-- The customer's country and e-mail are the current version of their history in the snapshot.
current_versions as (

    select customer_id, country, email from {{ ref('customers_snapshot') }}
    where dbt_valid_to is null

)

select
    cast(row_number() over (order by customers.customer_id collate "C") as integer) as customer_key,
    customers.customer_id,
    current_versions.country,
    current_versions.email,
    coalesce(countries.region, 'Unknown') as region,
    customers.first_order_date,
    customers.last_order_date,
    customers.order_count,
    customers.order_count >= {{ var('loyal_min_orders') }} as is_loyal
from customers
inner join current_versions
    on current_versions.customer_id = customers.customer_id
left join {{ ref('countries') }} as countries
    on countries.country = current_versions.country

union all

select
    {{ unknown_customer_key }} as customer_key,
    cast(null as text) as customer_id,
    cast(null as text) as country,
    cast(null as text) as email,
    'Unknown' as region,
    cast(null as date) as first_order_date,
    cast(null as date) as last_order_date,
    0 as order_count,
    false as is_loyal
