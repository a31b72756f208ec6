{#
    The sales measures shared by the KPI views, as a select list over fact_orders rows.
    Sales are non-return lines; returns_value is the positive value of return lines.
#}
{% macro sales_measures() %}
    {%- set measures = [
        {'name': 'orders', 'sql': 'count(distinct invoice_no) filter (where not is_return)'},
        {'name': 'order_lines', 'sql': 'count(*) filter (where not is_return)'},
        {'name': 'units_sold', 'sql': 'coalesce(sum(quantity) filter (where not is_return), 0)'},
        {'name': 'sales_revenue', 'sql': 'coalesce(sum(revenue) filter (where not is_return), 0)'},
        {'name': 'returns_value', 'sql': 'coalesce(-sum(revenue) filter (where is_return), 0)'},
        {'name': 'net_revenue', 'sql': 'coalesce(sum(revenue), 0)'},
    ] -%}
    {%- for measure in measures %}
        {{ measure['sql'] }} as {{ measure['name'] }}{% if not loop.last %},{% endif %}
    {%- endfor %}
{% endmacro %}
