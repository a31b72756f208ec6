{% test is_even(model, column_name) %}select 1{% endtest %}
