{{ config(materialized='view') }}

select
    facts.country,
    coalesce(countries.region, 'Unknown') as region,
    count(distinct facts.customer_key) filter (where facts.customer_key <> -1) as customers,
    {{ sales_measures() }}
from {{ ref('fact_orders') }} as facts
left join {{ ref('countries') }} as countries
    on countries.country = facts.country
group by facts.country, coalesce(countries.region, 'Unknown')
