{% macro coalesce_zero(expression) -%}
    coalesce({{ expression }}, 0)
{%- endmacro %}


{# The total paid with one payment method; calls `coalesce_zero` so orders without such payments show 0. #}
{% macro amount_for_method(payment_method, amount_column='amount') -%}
    {{ coalesce_zero("sum(case when payment_method = '" ~ payment_method ~ "' then " ~ amount_column ~ " end)") }}
{%- endmacro %}
