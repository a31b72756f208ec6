{{ config(materialized='view') }}

select
    dates.date_key,
    dates.date,
    dates.day_of_week,
    dates.is_weekend,
    {{ sales_measures() }}
from {{ ref('fact_orders') }} as facts
inner join {{ ref('dim_time') }} as dates
    on dates.date_key = facts.date_key
group by dates.date_key, dates.date, dates.day_of_week, dates.is_weekend
