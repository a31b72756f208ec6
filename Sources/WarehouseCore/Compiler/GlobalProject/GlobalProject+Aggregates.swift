extension GlobalProject {
    /// `listagg`, `any_value` and `bool_or`.
    ///
    /// Postgres has neither `listagg` nor `any_value` (before 16): dbt uses `string_agg`, with an array slice when a
    /// limit is asked, and `min`.
    static let aggregates = #"""
        {% macro postgres__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
            {%- if limit_num -%}
            array_to_string(
                (array_agg(
                    {{ measure }}
                    {{ order_by_clause or '' }}
                ))[1:{{ limit_num }}],
                {{ delimiter_text }}
                )
            {%- else %}
            string_agg(
                {{ measure }},
                {{ delimiter_text }}
                {{ order_by_clause or '' }}
                )
            {%- endif %}
        {%- endmacro %}

        {#- For warehouses with listagg ... within group and array_slice; Postgres uses the macro above. -#}
        {% macro default__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
            {%- set within_group = 'within group (' ~ order_by_clause ~ ')' if order_by_clause else '' -%}
            {% if limit_num -%}
            array_to_string(
                array_slice(
                    array_agg(
                        {{ measure }}
                    ){{ within_group }}
                    ,0
                    ,{{ limit_num }}
                ),
                {{ delimiter_text }}
                )
            {%- else %}
            listagg(
                {{ measure }},
                {{ delimiter_text }}
                )
                {{ within_group }}
            {%- endif %}
        {%- endmacro %}

        {% macro postgres__any_value(expression) -%}
            min({{ expression }})
        {%- endmacro %}

        {% macro default__any_value(expression) -%}
            any_value({{ expression }})
        {%- endmacro %}

        {% macro default__bool_or(expression) -%}
            bool_or({{ expression }})
        {%- endmacro %}
        """#
}
