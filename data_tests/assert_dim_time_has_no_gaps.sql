-- Fails when dim_time misses a day between its first and last date, or does not span the date_spine vars.
with days as (

    select min(date) as first_day, max(date) as last_day, count(distinct date) as day_count
    from {{ ref('dim_time') }}

)

select first_day, last_day, day_count, last_day - first_day + 1 as expected_day_count
from days
where day_count <> last_day - first_day + 1
    or first_day <> date '{{ var("date_spine_start") }}'
    or last_day <> date '{{ var("date_spine_end") }}'
