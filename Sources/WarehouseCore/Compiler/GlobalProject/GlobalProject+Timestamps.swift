extension GlobalProject {
    /// `current_timestamp` and the two variants dbt keeps for projects that used dbt_utils' older macros.
    static let timestamps = #"""
        {%- macro current_timestamp() -%}
            {{ adapter.dispatch('current_timestamp', 'dbt')() }}
        {%- endmacro -%}

        {% macro postgres__current_timestamp() -%}
            now()
        {%- endmacro %}

        {% macro default__current_timestamp() -%}
            {{ exceptions.raise_compiler_error('current_timestamp macro not implemented for adapter ' ~ target.type) }}
        {%- endmacro %}

        {% macro postgres__current_timestamp_backcompat() %}
            current_timestamp::{{ type_timestamp() }}
        {% endmacro %}

        {% macro default__current_timestamp_backcompat() %}
            current_timestamp::timestamp
        {% endmacro %}

        {% macro postgres__current_timestamp_in_utc_backcompat() %}
            (current_timestamp at time zone 'utc')::{{ type_timestamp() }}
        {% endmacro %}

        {% macro default__current_timestamp_in_utc_backcompat() %}
            {{ return(adapter.dispatch('current_timestamp_backcompat', 'dbt')()) }}
        {% endmacro %}
        """#
}
