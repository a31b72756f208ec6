{{ config(materialized='view') }}

select
    dates.month_start,
    dates.year,
    dates.month,
    dates.month_name,
    {{ sales_measures() }}
from {{ ref('fact_orders') }} as facts
inner join {{ ref('dim_time') }} as dates
    on dates.date_key = facts.date_key
group by dates.month_start, dates.year, dates.month, dates.month_name
