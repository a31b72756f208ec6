with __dbt__cte__upstream as (

select 1 as id
) select
-- create: "db"."sch"."tbl" | "db"."sch"."tbl" | db sch tbl tbl tbl table
-- kinds: True False False True {'type': 'PostgresRelation'}
-- include: "sch"."tbl" | "db"."tbl" | "tbl"
-- quote: "db"."sch".tbl | db.sch."tbl"
-- incorporate: "db"."sch"."other" | True | "y"."x"."tbl"
-- without_identifier: "db"."sch"
-- information_schema: "db".INFORMATION_SCHEMA.columns | "db".INFORMATION_SCHEMA
-- ref: "wh"."public"."introspect" | None | False | introspect | True
-- ephemeral: __dbt__cte__upstream | __dbt__cte__upstream | True | cte | None | __dbt__cte__x
-- none parts: "only" | "s"."i"
-- equality: True False True False True
-- numeric: amount amount "amount" numeric(10,2) numeric True True False 3::numeric(10,2)
-- varchar: character varying(40) 40 40 True character varying 256
-- text: text 256 False False True
-- integer: integer True False None
-- types: character varying(12) numeric(5,1) numeric
-- description: character varying(9) numeric(8,3)
-- repr: PostgresColumn(column='amount', dtype='numeric', char_size=None, numeric_precision=10, numeric_scale=2)
1 as done