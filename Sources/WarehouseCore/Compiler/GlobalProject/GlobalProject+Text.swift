extension GlobalProject {
    /// Casts, string functions and comparison: `cast`, `safe_cast`, `cast_bool_to_text`, `hash`, `concat`,
    /// `split_part`, `escape_single_quotes`, `string_literal`, `length`, `position`, `replace`, `right`, `equals`.
    static let text = #"""
        {% macro default__cast(field, type) %}
            cast({{ field }} as {{ type }})
        {% endmacro %}

        {% macro default__safe_cast(field, type) %}
            {# Postgres has no cast that yields null on bad input: a plain cast. #}
            cast({{ field }} as {{ type }})
        {% endmacro %}

        {% macro cast_bool_to_text(field) %}
          {{ adapter.dispatch('cast_bool_to_text', 'dbt')(field) }}
        {% endmacro %}

        {% macro default__cast_bool_to_text(field) %}
            cast({{ field }} as \#(stringType))
        {% endmacro %}

        {% macro default__hash(field) -%}
            md5(cast({{ field }} as \#(stringType)))
        {%- endmacro %}

        {% macro default__concat(fields) -%}
            {{ fields | join(' || ') }}
        {%- endmacro %}

        {% macro default__split_part(string_text, delimiter_text, part_number) %}

            split_part(
                {{ string_text }},
                {{ delimiter_text }},
                {{ part_number }}
                )

        {% endmacro %}

        {#- Postgres's split_part counts from the start only: part -n of d delimiters' string is part d + 2 - n. -#}
        {% macro _split_part_negative(string_text, delimiter_text, part_number) %}

            split_part(
                {{ string_text }},
                {{ delimiter_text }},
                  length({{ string_text }})
                  - length(
                      replace({{ string_text }},  {{ delimiter_text }}, '')
                  ) + 2 + {{ part_number }}
                )

        {% endmacro %}

        {% macro postgres__split_part(string_text, delimiter_text, part_number) %}

          {% if part_number >= 0 %}
            {{ dbt.default__split_part(string_text, delimiter_text, part_number) }}
          {% else %}
            {{ dbt._split_part_negative(string_text, delimiter_text, part_number) }}
          {% endif %}

        {% endmacro %}

        {% macro default__escape_single_quotes(expression) -%}
            {{ expression | replace("'", "''") }}
        {%- endmacro %}

        {% macro default__string_literal(value) -%}
            '{{ value }}'
        {%- endmacro %}

        {% macro default__length(expression) %}

            length(
                {{ expression }}
            )

        {%- endmacro %}

        {% macro default__position(substring_text, string_text) %}

            position(
                {{ substring_text }} in {{ string_text }}
            )

        {%- endmacro %}

        {% macro default__replace(field, old_chars, new_chars) %}

            replace(
                {{ field }},
                {{ old_chars }},
                {{ new_chars }}
            )


        {% endmacro %}

        {% macro default__right(string_text, length_expression) %}

            right(
                {{ string_text }},
                {{ length_expression }}
            )

        {%- endmacro %}

        {#- dbt's behaviour flag enable_truthy_nulls_equals_macro is off unless a project turns it on: plain `=`. -#}
        {% macro postgres__equals(expr1, expr2) -%}
            ({{ expr1 }} = {{ expr2 }})
        {%- endmacro %}

        {% macro default__equals(expr1, expr2) -%}
            ({{ expr1 }} = {{ expr2 }})
        {% endmacro %}
        """#
}
