extension GlobalProject {
    /// `date_trunc`, `dateadd`, `datediff`, `last_day` and `date`.
    ///
    /// On Postgres, `dateadd` multiplies a one-unit interval, and `datediff` counts calendar boundaries crossed (as
    /// other warehouses' `datediff` does) rather than elapsed time: a coarser part's count times its size, plus the
    /// difference of the part's own field.
    static let dates = #"""
        {% macro default__date_trunc(datepart, date) -%}
            date_trunc('{{ datepart }}', {{ date }})
        {%- endmacro %}

        {% macro postgres__dateadd(datepart, interval, from_date_or_timestamp) %}

            {{ from_date_or_timestamp }} + ((interval '1 {{ datepart }}') * ({{ interval }}))

        {% endmacro %}

        {% macro default__dateadd(datepart, interval, from_date_or_timestamp) %}

            dateadd(
                {{ datepart }},
                {{ interval }},
                {{ from_date_or_timestamp }}
                )

        {% endmacro %}

        {% macro postgres__datediff(first_date, second_date, datepart) -%}
            {#- part: (the coarser part counted first, how many of this part it holds, this part's own field) -#}
            {%- set finer = {
                'quarter': ('year', 4, "date_part('quarter', (%s)::date)"),
                'month': ('year', 12, "date_part('month', (%s)::date)"),
                'hour': ('day', 24, "date_part('hour', (%s)::timestamp)"),
                'minute': ('hour', 60, "date_part('minute', (%s)::timestamp)"),
                'second': ('minute', 60, "floor(date_part('second', (%s)::timestamp))"),
                'millisecond': ('minute', 60000, "floor(date_part('millisecond', (%s)::timestamp))"),
                'microsecond': ('minute', 60000000, "floor(date_part('microsecond', (%s)::timestamp))"),
            }.get(datepart) -%}
            {% if datepart == 'year' %}
                (date_part('year', ({{ second_date }})::date) - date_part('year', ({{ first_date }})::date))
            {% elif datepart == 'day' %}
                (({{ second_date }})::date - ({{ first_date }})::date)
            {% elif datepart == 'week' %}
                ({{ datediff(first_date, second_date, 'day') }} / 7 + case
                    when date_part('dow', ({{ first_date }})::timestamp) <= date_part('dow', ({{ second_date }})::timestamp) then
                        case when {{ first_date }} <= {{ second_date }} then 0 else -1 end
                    else
                        case when {{ first_date }} <= {{ second_date }} then 1 else 0 end
                end)
            {% elif finer %}
                {%- set coarser_count = datediff(first_date, second_date, finer[0]) %}
                ({{ coarser_count }} * {{ finer[1] }} + {{ finer[2] % second_date }} - {{ finer[2] % first_date }})
            {% else %}
                {#- A one-element list's text shows the datepart as Python's repr: 'fortnight', None. -#}
                {{ exceptions.raise_compiler_error(
                    "Unsupported datepart for macro datediff in postgres: " ~ ([datepart] | string)[1:-1]) }}
            {% endif %}
        {%- endmacro %}

        {% macro default__datediff(first_date, second_date, datepart) -%}

            datediff(
                {{ datepart }},
                {{ first_date }},
                {{ second_date }}
                )

        {%- endmacro %}

        {#- The day before the first day of the next period. -#}
        {%- macro default_last_day(date, datepart) -%}
            cast(
                {{ dbt.dateadd('day', '-1', dbt.dateadd(datepart, '1', dbt.date_trunc(datepart, date))) }}
                as date)
        {%- endmacro -%}

        {% macro default__last_day(date, datepart) -%}
            {{ dbt.default_last_day(date, datepart) }}
        {%- endmacro %}

        {% macro postgres__last_day(date, datepart) -%}
            {%- if datepart == 'quarter' -%}
            -- postgres dateadd does not support quarter interval.
            cast(
                {{ dbt.dateadd('day', '-1', dbt.dateadd('month', '3', dbt.date_trunc(datepart, date))) }}
                as date)
            {%- else -%}
            {{ dbt.default_last_day(date, datepart) }}
            {%- endif -%}
        {%- endmacro %}

        {#- Refuses what Python's datetime.date refuses, with its messages. -#}
        {% macro default__date(year, month, day) -%}
            {%- for value in [year, month, day] if value is not integer -%}
                {%- set type = 'str' if value is string else 'float' if value is float else 'NoneType' if value is none
                    else 'object' -%}
                {{ exceptions.raise_compiler_error("'" ~ type ~ "' object cannot be interpreted as an integer") }}
            {%- endfor -%}
            {%- set leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) -%}
            {%- set month_days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] -%}
            {%- if year < 1 or year > 9999 -%}
                {{ exceptions.raise_compiler_error('year ' ~ year ~ ' is out of range') }}
            {%- elif month < 1 or month > 12 -%}
                {{ exceptions.raise_compiler_error('month must be in 1..12') }}
            {%- elif day < 1 or day > month_days[month - 1] -%}
                {{ exceptions.raise_compiler_error('day is out of range for month') }}
            {%- endif -%}
            to_date('{{ '%d-%02d-%02d' % (year, month, day) }}', 'YYYY-MM-DD')
        {%- endmacro %}
        """#
}
