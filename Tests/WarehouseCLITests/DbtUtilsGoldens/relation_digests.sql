-- Every table and view outside Postgres' own schemas: its schema, name, row count and the MD5 of its column names and
-- sorted rows as text. Numbers are compared by value (cast to float8 first), so a seed column typed numeric on one
-- side and integer or float8 on the other digests the same; nulls are spelled out so they differ from ''. Relation
-- names in the data (dbt-utils' union_relations records its sources) lose their database and schema, which differ
-- between two builds.
with relation_columns as (
    select c.table_schema, c.table_name,
        string_agg(quote_ident(c.column_name), ',' order by c.ordinal_position) as names,
        string_agg(
            case when c.data_type in ('smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision')
                then format('coalesce(%I::float8::text, ''<null>'')', c.column_name)
                else format('coalesce(%I::text, ''<null>'')', c.column_name) end,
            ', ' order by c.ordinal_position) as texts
    from information_schema.columns c
    join information_schema.tables t using (table_schema, table_name)
    where c.table_schema not in ('pg_catalog', 'information_schema') and c.table_schema not like 'pg_toast%'
    group by c.table_schema, c.table_name
)
select table_schema, table_name,
    (xpath('/row/n/text()', digest))[1]::text as row_count,
    md5(names || E'\n' || coalesce((xpath('/row/d/text()', digest))[1]::text, '')) as digest
from relation_columns,
    lateral query_to_xml(
        format('select count(*) as n, string_agg(r, E''\n'' order by r collate "C") as d '
            'from (select replace(concat_ws(''|'', %s), %L, '''') as r from %I.%I) rows',
            texts, format('"%s"."%s".', current_database(), table_schema), table_schema, table_name),
        false, true, '') as digest
order by table_schema, table_name
