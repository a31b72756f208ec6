extension GlobalProject {
    /// Set operators and `generate_series`, which numbers rows 1 to `upper_bound` by cross-joining one two-row
    /// table per binary digit (portable where a `generate_series` function is missing).
    static let queries = #"""
        {% macro default__except() %}

            except

        {% endmacro %}

        {% macro default__intersect() %}

            intersect

        {% endmacro %}

        {#- How many binary digits count to upper_bound, at least one; the loop ends at the first that does. -#}
        {% macro default__get_powers_of_two(upper_bound) -%}
            {%- if upper_bound <= 0 -%}
                {{ exceptions.raise_compiler_error('upper bound must be positive') }}
            {%- endif -%}
            {%- for digits in range(1, 100) -%}
                {%- if upper_bound <= 2 ** digits %}{{ return(digits) }}{% endif -%}
            {%- endfor -%}
        {%- endmacro %}

        {% macro default__generate_series(upper_bound) %}

            {% set digits = dbt.get_powers_of_two(upper_bound) %}

            with p as (
                select 0 as generated_number union all select 1
            ), unioned as (

            select

            {% for digit in range(digits) %}
            p{{ digit }}.generated_number * power(2, {{ digit }})
            {{ ' + ' if not loop.last }}
            {% endfor %}
            + 1
            as generated_number

            from

            {% for digit in range(digits) %}
            p as p{{ digit }}
            {{ ' cross join ' if not loop.last }}
            {% endfor %}

            )

            select *
            from unioned
            where generated_number <= {{ upper_bound }}
            order by generated_number

        {% endmacro %}
        """#
}
