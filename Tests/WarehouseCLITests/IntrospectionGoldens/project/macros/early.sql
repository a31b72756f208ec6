{% macro early(default) -%}
{%- call statement('early', fetch_result=True) %}{{ return(default) }}select 1{% endcall -%}
{%- endmacro %}
