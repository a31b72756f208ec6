/// The macros every project can call without defining them: dbt's generic tests (`unique`, `not_null`,
/// `accepted_values`, `relationships`), schema and alias naming, and the `where` filter for tests.
///
/// They are dbt's own definitions (dbt-core 1.11, Apache-2.0), so a project that overrides one, for example
/// `generate_schema_name`, gets exactly dbt's behaviour for the rest.
enum BuiltinMacros {
    static let path = "<wh builtin macros>"

    static let source = #"""
        {% test unique(model, column_name) %}
            {% set macro = adapter.dispatch('test_unique', 'dbt') %}
            {{ macro(model, column_name) }}
        {% endtest %}


        {% test not_null(model, column_name) %}
            {% set macro = adapter.dispatch('test_not_null', 'dbt') %}
            {{ macro(model, column_name) }}
        {% endtest %}


        {% test accepted_values(model, column_name, values, quote=True) %}
            {% set macro = adapter.dispatch('test_accepted_values', 'dbt') %}
            {{ macro(model, column_name, values, quote) }}
        {% endtest %}


        {% test relationships(model, column_name, to, field) %}
            {% set macro = adapter.dispatch('test_relationships', 'dbt') %}
            {{ macro(model, column_name, to, field) }}
        {% endtest %}

        {% macro default__test_unique(model, column_name) %}

        select
            {{ column_name }} as unique_field,
            count(*) as n_records

        from {{ model }}
        where {{ column_name }} is not null
        group by {{ column_name }}
        having count(*) > 1

        {% endmacro %}

        {% macro default__test_not_null(model, column_name) %}

        {% set column_list = '*' if should_store_failures() else column_name %}

        select {{ column_list }}
        from {{ model }}
        where {{ column_name }} is null

        {% endmacro %}

        {% macro default__test_accepted_values(model, column_name, values, quote=True) %}

        with all_values as (

            select
                {{ column_name }} as value_field,
                count(*) as n_records

            from {{ model }}
            group by {{ column_name }}

        )

        select *
        from all_values
        where value_field not in (
            {% for value in values -%}
                {% if quote -%}
                '{{ value }}'
                {%- else -%}
                {{ value }}
                {%- endif -%}
                {%- if not loop.last -%},{%- endif %}
            {%- endfor %}
        )

        {% endmacro %}

        {% macro default__test_relationships(model, column_name, to, field) %}

        with child as (
            select {{ column_name }} as from_field
            from {{ model }}
            where {{ column_name }} is not null
        ),

        parent as (
            select {{ field }} as to_field
            from {{ to }}
        )

        select
            from_field

        from child
        left join parent
            on child.from_field = parent.to_field

        where parent.to_field is null

        {% endmacro %}

        {% macro generate_schema_name(custom_schema_name=none, node=none) -%}
            {{ return(adapter.dispatch('generate_schema_name', 'dbt')(custom_schema_name, node)) }}
        {% endmacro %}

        {% macro default__generate_schema_name(custom_schema_name, node) -%}

            {%- set default_schema = target.schema -%}
            {%- if custom_schema_name is none -%}

                {{ default_schema }}

            {%- else -%}

                {{ default_schema }}_{{ custom_schema_name | trim }}

            {%- endif -%}

        {%- endmacro %}

        {% macro generate_alias_name(custom_alias_name=none, node=none) -%}
            {% do return(adapter.dispatch('generate_alias_name', 'dbt')(custom_alias_name, node)) %}
        {%- endmacro %}

        {% macro default__generate_alias_name(custom_alias_name=none, node=none) -%}

            {%- if custom_alias_name -%}

                {{ custom_alias_name | trim }}

            {%- elif node.version -%}

                {{ return(node.name ~ "_v" ~ (node.version | replace(".", "_"))) }}

            {%- else -%}

                {{ node.name }}

            {%- endif -%}

        {%- endmacro %}

        {% macro get_where_subquery(relation) -%}
            {% do return(adapter.dispatch('get_where_subquery', 'dbt')(relation)) %}
        {%- endmacro %}

        {% macro default__get_where_subquery(relation) -%}
            {% set where = config.get('where', '') %}
            {% if where %}
                {%- set filtered -%}
                    (select * from {{ relation }} where {{ where }}) dbt_subquery
                {%- endset -%}
                {% do return(filtered) %}
            {%- else -%}
                {% do return(relation) %}
            {%- endif -%}
        {%- endmacro %}
        """#
}
