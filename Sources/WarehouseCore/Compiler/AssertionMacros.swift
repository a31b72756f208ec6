/// `wh`'s own generic tests beyond dbt's four, callable from property files like the built-in ones.
///
/// Each selects the failing rows of `model`, as every generic test does: zero rows is a pass. The names and
/// arguments follow dbt_utils where it has the same test (`expression_is_true`, `accepted_range`,
/// `unique_combination_of_columns`, `recency`), so projects using those keep working without the package.
///
/// `source_freshness` is the test a source table's `freshness:` policy compiles to (see
/// `GenericTestFactory.freshnessTests`): one row per threshold the newest `loaded_at_field` value is older than,
/// every threshold when the table has no rows.
enum AssertionMacros {
    static let path = "<wh assertion macros>"

    static let source = #"""
        {% test expression_is_true(model, expression, column_name=none) %}
        select *
        from {{ model }}
        where not ({% if column_name is not none %}{{ column_name }} {% endif %}{{ expression }})
        {% endtest %}

        {% test unique_combination(model, columns) %}
        select {{ columns | join(', ') }}, count(*) as n_records
        from {{ model }}
        group by {{ columns | join(', ') }}
        having count(*) > 1
        {% endtest %}

        {% test unique_combination_of_columns(model, combination_of_columns) %}
        {{ test_unique_combination(model, combination_of_columns) }}
        {% endtest %}

        {% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}
        {%- if min_value is none and max_value is none -%}
            {{ exceptions.raise_compiler_error("accepted_range needs min_value, max_value or both") }}
        {%- endif %}
        select *
        from {{ model }}
        where {{ column_name }} is not null
          and (
            {%- if min_value is not none %}
            {{ column_name }} {{ '<' if inclusive else '<=' }} {{ min_value }}
            {%- endif %}
            {%- if min_value is not none and max_value is not none %} or{% endif %}
            {%- if max_value is not none %}
            {{ column_name }} {{ '>' if inclusive else '>=' }} {{ max_value }}
            {%- endif %}
          )
        {% endtest %}

        {% test row_count(model, min=none, max=none) %}
        {%- if min is none and max is none -%}
            {{ exceptions.raise_compiler_error("row_count needs min, max or both") }}
        {%- endif %}
        select row_count
        from (select count(*) as row_count from {{ model }}) counted
        where {% if min is not none %}row_count < {{ min }}{% endif %}
              {%- if min is not none and max is not none %} or {% endif %}
              {%- if max is not none %}row_count > {{ max }}{% endif %}
        {% endtest %}

        {% test not_empty(model) %}
        select 'no rows' as problem
        where not exists (select 1 from {{ model }})
        {% endtest %}

        {% test recency(model, column_name=none, field=none, datepart='day', interval=1) %}
        {%- set checked = column_name if column_name is not none else field -%}
        {%- if checked is none -%}
            {{ exceptions.raise_compiler_error("recency needs a column: put it under a column or pass field") }}
        {%- endif %}
        select max({{ checked }}) as most_recent,
               now() - interval '{{ interval }} {{ datepart }}' as threshold
        from {{ model }}
        having max({{ checked }}) is null
            or max({{ checked }}) < now() - interval '{{ interval }} {{ datepart }}'
        {% endtest %}

        {% test source_freshness(model, column_name, warn_after=none, error_after=none) %}
        select thresholds.threshold, thresholds.allowed, latest.max_loaded_at,
               now() - latest.max_loaded_at as age
        from (select max({{ column_name }}) as max_loaded_at from {{ model }}) latest
        cross join (
            {%- if warn_after is not none %}
            select 'warn_after' as threshold,
                   interval '{{ warn_after['count'] }} {{ warn_after['period'] }}' as allowed
            {%- endif %}
            {%- if warn_after is not none and error_after is not none %}
            union all
            {%- endif %}
            {%- if error_after is not none %}
            select 'error_after' as threshold,
                   interval '{{ error_after['count'] }} {{ error_after['period'] }}' as allowed
            {%- endif %}
        ) thresholds
        where latest.max_loaded_at is null or latest.max_loaded_at < now() - thresholds.allowed
        {% endtest %}
        """#
}
