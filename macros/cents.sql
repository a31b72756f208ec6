{# Rounds a money expression to cents, as numeric(14,2), so sums compare exactly. #}
{% macro cents(expression) -%}
    cast(round({{ expression }}, 2) as numeric(14, 2))
{%- endmacro %}
