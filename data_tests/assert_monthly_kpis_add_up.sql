-- Fails when the monthly KPIs disagree with the daily ones or with dim_customer.
{% set measures = ['orders', 'units_sold', 'sales_revenue', 'returns_value', 'net_revenue'] %}

with daily as (

    select
        {%- for measure in measures %}
        sum({{ measure }}) as {{ measure }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ ref('kpi_sales_daily') }}

),

monthly as (

    select
        {%- for measure in measures %}
        sum({{ measure }}) as {{ measure }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ ref('kpi_sales_monthly') }}

),

loyal as (

    select
        (select count(*) from {{ ref('dim_customer') }} where is_loyal) as in_dimension,
        (select loyal_customers from {{ ref('kpi_customer_summary') }} order by month_start desc limit 1) as in_summary

)

select
    loyal.in_dimension,
    loyal.in_summary,
    daily.net_revenue as daily_net_revenue,
    monthly.net_revenue as monthly_net_revenue
from daily
cross join monthly
cross join loyal
where loyal.in_dimension <> loyal.in_summary
    {%- for measure in measures %}
    or daily.{{ measure }} <> monthly.{{ measure }}
    {%- endfor %}
