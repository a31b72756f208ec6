{% test my_test(model) %}select 1{% endtest %}
