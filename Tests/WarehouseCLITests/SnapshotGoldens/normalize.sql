-- Snapshot tables as comparable text: a header of column names, then each row as comma-separated values, sorted.
-- Values dbt itself takes from the wall clock (snapshot_get_time(): now() at the run's transaction start) differ
-- between any two runs, so each timestamp after 2025 (the data's are all earlier) becomes `@run<n>`, the run whose
-- recorded start (golden_runs, written just before it) precedes it; a dbt_scd_id hashed from such a time (its
-- row's dbt_updated_at is one) becomes `@clock-hash`. Nothing else is changed.
create table if not exists golden_runs (run int primary key, started_at timestamp not null);

create or replace function golden_clock(value timestamp) returns text language sql stable as $$
    select case
        when value is null then '\N'
        when value < '2025-01-01' or value >= '9999-01-01' then value::text
        else '@run' || coalesce((select max(run) from golden_runs where started_at <= value)::text, '?')
    end
$$;

create or replace function golden_rows(snapshot regclass, scd_column text, updated_at_column text)
returns setof text language plpgsql as $$
declare
    header text;
    expressions text;
begin
    select
        string_agg(a.attname, ',' order by a.attnum),
        string_agg(
            case
                when a.attname = scd_column then format(
                    'case when %I > %L then %L else %I::text end', updated_at_column, '2025-01-01', '@clock-hash',
                    scd_column)
                when t.typname = 'timestamp' then format('golden_clock(%I)', a.attname)
                else format('coalesce(%I::text, %L)', a.attname, '\N')
            end,
            ' || '','' || ' order by a.attnum)
    into header, expressions
    from pg_attribute a join pg_type t on t.oid = a.atttypid
    where a.attrelid = snapshot and a.attnum > 0 and not a.attisdropped;
    return next header;
    return query execute format('select %s from %s order by 1', expressions, snapshot);
end
$$;
