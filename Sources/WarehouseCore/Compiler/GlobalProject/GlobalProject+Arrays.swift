extension GlobalProject {
    /// `array_construct`, `array_append`, `array_concat`: Postgres arrays, whose elements share one type.
    static let arrays = #"""
        {% macro default__array_construct(inputs, data_type) -%}
            {% if inputs %}
            array[ {{ inputs | join(' , ') }} ]
            {% else %}
            array[]::{{ data_type }}[]
            {% endif %}
        {%- endmacro %}

        {% macro default__array_append(array, new_element) -%}
            array_append({{ array }}, {{ new_element }})
        {%- endmacro %}

        {% macro default__array_concat(array_1, array_2) -%}
            array_cat({{ array_1 }}, {{ array_2 }})
        {%- endmacro %}
        """#
}
