{#
    One row per day from start_date to end_date (both included), with the calendar attributes dim_time needs.
    ISO weeks and ISO days of the week (Monday = 1 ... Sunday = 7).
#}
{% macro date_spine(start_date, end_date) %}
    select
        cast(to_char(day, 'YYYYMMDD') as integer) as date_key,
        cast(day as date) as date,
        cast(extract(year from day) as integer) as year,
        cast(extract(quarter from day) as integer) as quarter,
        cast(extract(month from day) as integer) as month,
        trim(to_char(day, 'Month')) as month_name,
        cast(extract(week from day) as integer) as week,
        cast(extract(isoyear from day) as integer) as iso_year,
        cast(extract(isodow from day) as integer) as day_of_week,
        trim(to_char(day, 'Day')) as day_name,
        extract(isodow from day) in (6, 7) as is_weekend,
        cast(date_trunc('month', day) as date) as month_start
    from generate_series(
        cast('{{ start_date }}' as date),
        cast('{{ end_date }}' as date),
        interval '1 day'
    ) as spine(day)
{% endmacro %}
