{# Converts an integer amount of cents into dollars with `scale` decimal places. #}
{% macro cents_to_dollars(column_name, scale=2) -%}
    ({{ column_name }} / 100)::numeric(16, {{ scale }})
{%- endmacro %}
