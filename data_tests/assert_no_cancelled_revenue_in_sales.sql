-- Fails when revenue of a cancelled invoice is counted as a sale: a return line with positive revenue, or a
-- day whose sales_revenue in kpi_sales_daily differs from the revenue of that day's non-return lines.
with return_lines as (

    select date_key, line_key, revenue
    from {{ ref('fact_orders') }}
    where is_return
        and (revenue > 0 or invoice_no not like 'C%')

),

sales_by_day as (

    select date_key, sum(revenue) as sales_revenue
    from {{ ref('fact_orders') }}
    where not is_return
    group by date_key

)

select return_lines.date_key, return_lines.line_key, return_lines.revenue, null as kpi_sales_revenue
from return_lines
union all
select kpi.date_key, null, coalesce(sales_by_day.sales_revenue, 0), kpi.sales_revenue
from {{ ref('kpi_sales_daily') }} as kpi
left join sales_by_day
    on sales_by_day.date_key = kpi.date_key
where kpi.sales_revenue <> coalesce(sales_by_day.sales_revenue, 0)
