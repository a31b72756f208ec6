{#
    Use a model's custom schema as is (bronze, silver, gold) instead of dbt's default
    `<target schema>_<custom schema>`; models without one go to the target schema.
    This is the override dbt documents under "Custom schemas".
#}
{% macro generate_schema_name(custom_schema_name, node) -%}

    {%- set default_schema = target.schema -%}
    {%- if custom_schema_name is none -%}

        {{ default_schema }}

    {%- else -%}

        {{ custom_schema_name | trim }}

    {%- endif -%}

{%- endmacro %}
