select c.id as customer_id, c.name, coalesce(sum(o.amount), 0) as total, count(o.order_id) as orders
from {{ ref('raw_customers') }} c
left join {{ ref('stg_orders') }} o on o.customer_id = c.id
{%- if var('only_completed', false) %} and o.status = 'completed'{% endif %}
group by 1, 2
