{%- if execute -%}
{%- set cols = adapter.get_columns_in_relation(api.Relation.create(database=target.database, schema='public', identifier='golden_source')) -%}
{%- set missing = adapter.get_relation(database=target.database, schema='public', identifier='golden_missing') -%}
{%- set found = adapter.get_relation(database=target.database, schema='public', identifier='golden_source') -%}
{%- set table = run_query('select id, label, amount, ratio, flag, day from public.golden_source order by id') -%}
{%- call statement('stats', fetch_result=True) -%}
select count(*) as n, sum(id) as total, max(label) as top from public.golden_source
{%- endcall -%}
{%- set stats = load_result('stats') -%}
select
-- columns: {% for c in cols %}{{ c.name }}:{{ c.data_type }}:{{ c.char_size }}:{{ c.numeric_precision }}:{{ c.numeric_scale }}:{{ c.is_string() }}:{{ c.is_number() }}{{ ', ' if not loop.last }}{% endfor %}
-- missing: {{ missing }} {{ missing is none }}
-- found: {{ found }} {{ found.type }} {{ found.is_table }}
-- table: {{ table.column_names }} {{ table | length }} {{ table.rows | length }} {{ table.columns | length }}
-- values: {{ table.columns[0].values() }} {{ table.columns['label'].values() }}
-- rows: {% for row in table %}{{ row[0] }}/{{ row['label'] }}/{{ row.flag }}/{{ row.day }}/{{ row.ratio }}{{ ' ' if not loop.last }}{% endfor %}
-- index: {{ table[0][1] }} {{ table.rows[1]['label'] }} {{ table.columns[1][0] }}
-- items: {% for name, column in table.columns.items() %}{{ name }}={{ column.values() | length }}{{ ',' if not loop.last }}{% endfor %}
-- stats: {{ stats['data'] }} {{ stats.table.rows[0]['total'] }} {{ stats.response }} {{ stats.response.rows_affected }} {{ stats['data'][0][2] }}
-- mapped: {{ stats['data'] | map(attribute=0) | list }}
-- execute: {{ execute }}
-- return in a statement: {{ early('returned early') }} {{ load_result('early') }}
{%- set source_relation = adapter.get_relation(database=target.database, schema='public', identifier='golden_source') %}
{%- set other_relation = load_relation(api.Relation.create(database=target.database, schema='public', identifier='golden_other')) %}
-- missing columns: {{ adapter.get_missing_columns(source_relation, other_relation) | map(attribute='name') | join(',') }} | {{ adapter.get_missing_columns(other_relation, source_relation) | length }}
-- schemas: {{ adapter.check_schema_exists(target.database, 'public') }} {{ adapter.check_schema_exists(target.database, 'no_such_schema') }} {{ adapter.already_exists('public', 'golden_other') }} {{ adapter.already_exists('public', 'golden_nothing') }}
{%- call statement('tables', fetch_result=True) %}
select distinct table_schema, table_name,
  case table_type when 'BASE TABLE' then 'table' when 'VIEW' then 'view' else 'external' end as table_type
from information_schema.tables where table_schema ilike 'public' and table_name ilike 'golden%' order by table_name
{%- endcall %}
{%- set found_tables = [] %}
{%- for row in load_result('tables')['table'] %}
{%- do found_tables.append(api.Relation.create(database=target.database, schema=row.table_schema, identifier=row.table_name, type=row.table_type)) %}
{%- endfor %}
-- pattern: {{ found_tables | join(', ') }} {{ found_tables | map(attribute='type') | join(',') }} {{ found_tables[0].is_table }}
{% endif -%}
1 as done
