{%- set r = api.Relation.create(database='db', schema='sch', identifier='tbl', type='table') -%}
{%- set e = ref('upstream') -%}
{%- set s = ref('introspect') -%}
select
-- create: {{ r }} | {{ r.render() }} | {{ r.database }} {{ r.schema }} {{ r.identifier }} {{ r.name }} {{ r.table }} {{ r.type }}
-- kinds: {{ r.is_table }} {{ r.is_view }} {{ r.is_cte }} {{ r is mapping }} {{ r.get('metadata') }}
-- include: {{ r.include(database=false) }} | {{ r.include(schema=false) }} | {{ r.include(database=false, schema=false) }}
-- quote: {{ r.quote(identifier=false) }} | {{ r.quote(database=false, schema=false) }}
-- incorporate: {{ r.incorporate(path={'identifier': 'other'}) }} | {{ r.incorporate(type='view').is_view }} | {{ r.incorporate(path={'schema': 'x', 'database': 'y'}) }}
-- without_identifier: {{ r.without_identifier() }}
-- information_schema: {{ r.information_schema('columns') }} | {{ r.information_schema() }}
-- ref: {{ s }} | {{ s.type }} | {{ s.is_table }} | {{ s.identifier }} | {{ s is mapping }}
-- ephemeral: {{ e }} | {{ e.name }} | {{ e.is_cte }} | {{ e.type }} | {{ e.schema }} | {{ api.Relation.add_ephemeral_prefix('x') }}
-- none parts: {{ api.Relation.create(identifier='only') }} | {{ api.Relation.create(schema='s', identifier='i') }}
-- equality: {{ ref('introspect') == ref('introspect') }} {{ r == r.incorporate(type='view') }} {{ r.incorporate(type='view') == r.incorporate(type='view') }} {{ r == 'x' }} {{ ref('introspect') in [ref('introspect')] }}
{%- set c = api.Column('amount', 'numeric', none, 10, 2) %}
{%- set v = api.Column('name', 'character varying', 40) %}
{%- set u = api.Column('note', 'character varying') %}
{%- set t = api.Column('body', 'text') %}
{%- set i = api.Column.create('n', 'integer') %}
-- numeric: {{ c.name }} {{ c.column }} {{ c.quoted }} {{ c.data_type }} {{ c.dtype }} {{ c.is_numeric() }} {{ c.is_number() }} {{ c.is_string() }} {{ c.literal('3') }}
-- varchar: {{ v.data_type }} {{ v.string_size() }} {{ v.char_size }} {{ v.is_string() }} {{ u.data_type }} {{ u.string_size() }}
-- text: {{ t.data_type }} {{ t.string_size() }} {{ t.can_expand_to(v) }} {{ u.can_expand_to(v) }} {{ v.can_expand_to(u) }}
-- integer: {{ i.data_type }} {{ i.is_integer() }} {{ i.is_float() }} {{ i.numeric_precision }}
-- types: {{ api.Column.string_type(12) }} {{ api.Column.numeric_type('numeric', 5, 1) }} {{ api.Column.numeric_type('numeric', none, none) }}
-- description: {{ api.Column.from_description('x', 'varchar(9)').data_type }} {{ api.Column.from_description('y', 'numeric(8,3)').data_type }}
-- repr: {{ c }}
1 as done
