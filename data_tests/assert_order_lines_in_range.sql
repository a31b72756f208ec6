-- Fails on an order line with no quantity, a negative price, or a quantity whose sign disagrees with the line
-- being a return (returns are the only negative quantities), in silver or in the fact.
{% for model in ['silver_order_lines', 'fact_orders'] %}
select '{{ model }}' as model, line_key, quantity, unit_price, is_return
from {{ ref(model) }}
where quantity = 0
    or unit_price < 0
    or (quantity < 0) <> is_return
{% if not loop.last %}union all{% endif %}
{%- endfor %}
