import Foundation
import PostgresClient
import Testing
import WarehouseTesting

/// Templates that query the database while rendering (`run_query`, `statement`, the adapter's catalog methods),
/// run by `wh build` against a real Postgres: they render on a worker's connection just before they run, after
/// their parents were built, and `target/` holds the SQL that ran.
@Suite("introspection in templates")
struct IntrospectionRunTests {
    /// Three rows a `seed`-like table model builds; the other models read it.
    static let colors = """
        {{ config(materialized='table', post_hook="create table public.colors_count as select "
            ~ "{{ run_query('select count(*) from ' ~ this).rows[0][0] }} as n") }}
        select color::text, n::int, tone::varchar(20), price::numeric(10,2)
        from (values ('red', 1, 'warm', 2.50), ('blue', 2, 'cold', 1.25), ('green', 3, 'cold', 4.00))
          as v (color, n, tone, price)
        """

    /// Builds one column per color found in the data, with `run_query`.
    static let pivoted = """
        {% set colors = [] %}
        {% if execute %}
          {% set result = run_query("select color from " ~ ref('colors') ~ " order by n") %}
          {% set colors = result.columns[0].values() %}
        {% endif %}
        select
        {%- for c in colors %}
          sum(case when color = '{{ c }}' then n else 0 end) as {{ c }}_total{{ ',' if not loop.last }}
        {%- endfor %}
        from {{ ref('colors') }}
        """

    /// dbt's `call statement` / `load_result`, in an ephemeral model that a view inlines.
    static let largest = """
        {{ config(materialized='ephemeral') }}
        {% call statement('largest', fetch_result=True) %}
          select color, n from {{ ref('colors') }} order by n desc limit 1
        {% endcall %}
        {% set result = load_result('largest') %}
        select '{{ result['data'][0][0] }}'::text as color, {{ result.table.rows[0]['n'] }} as n,
          '{{ result.response }}'::text as response
        """

    /// dbt_utils.star's way: the columns of a relation from the catalog, and what each column says of its type.
    static let columns = """
        {%- set cols = adapter.get_columns_in_relation(ref('colors')) -%}
        select {% for col in cols -%}
          '{{ col.name }}|{{ col.data_type }}|{{ col.is_string() }}|{{ col.is_number() }}|
        {{- col.string_size() if col.is_string() else '' }}|{{ col.quoted }}'::text as c{{ loop.index }}
          {{- ',' if not loop.last }}
        {% endfor %}
        """

    /// `get_relation` of a relation that does not exist, `load_relation` of one that does, and the `graph`.
    static let catalog = """
        {%- set missing = adapter.get_relation(database=target.database, schema='public', identifier='nothing') -%}
        {%- set found = load_relation(ref('colors')) -%}
        {%- set models = [] -%}
        {%- for node in graph.nodes.values() if node.resource_type == 'model' -%}
          {%- do models.append(node.name ~ ':' ~ node.config.materialized) -%}
        {%- endfor -%}
        select {{ missing is none }} as missing_is_none, '{{ found.type }}'::text as found_type,
          {{ found is mapping }} as is_mapping, '{{ models | sort | join(",") }}'::text as models,
          '{{ adapter.type() }}'::text as adapter_type, '{{ flags.WHICH }}'::text as which
        """

    /// A configuration rendered while the graph is made, when `execute` is false: querying then would fail, as
    /// `colors` does not exist before the run.
    static let parsed = """
        {{ config(alias='counted_' ~ ('at_run' if execute else 'at_parse')) }}
        {% set n = run_query('select count(*) from ' ~ ref('colors')).rows[0][0] if execute else -1 %}
        select {{ n }} as n
        """

    static func project(_ extra: [String: String] = [:]) throws -> URL {
        try CommandRunner.project(
            [
                "models/colors.sql": colors, "models/pivoted.sql": pivoted, "models/largest.sql": largest,
                "models/uses_largest.sql": "select * from {{ ref('largest') }}", "models/columns.sql": columns,
                "models/catalog.sql": catalog, "models/counted.sql": parsed,
                // dbt-utils' integration project drops a seed this way once it is loaded.
                "seeds/dropped.csv": "id\n1\n",
                "project.yml": """
                name: shop
                seeds:
                  shop:
                    dropped:
                      +post-hook: "{% do adapter.drop_relation(this.incorporate(type='table')) %}"
                """,
            ].merging(extra) { _, new in new })
    }

    static func single(_ sql: String, in database: ConnectionConfiguration) async throws -> [String?] {
        try await TestDatabase.rows(sql, in: database).first ?? []
    }

    @Test("wh build renders introspecting models after their parents, from the data, and writes the SQL that ran")
    func buildRendersFromData() async throws {
        let database = try await TestDatabase.create()
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        let build = await CommandRunner.run(
            ["build", "--project-dir", root.path], environment: ["WH_DATABASE_URL": database.url])
        #expect(build.exitCode == 0, "\(build.standardOutput)\n\(build.standardError)")

        #expect(
            try await Self.single("select red_total, blue_total, green_total from public.pivoted", in: database)
                == ["1", "2", "3"])
        let compiled = try String(
            contentsOf: root.appendingPathComponent("target/compiled/shop/models/pivoted.sql"), encoding: .utf8)
        #expect(compiled.contains("sum(case when color = 'green' then n else 0 end) as green_total"))

        #expect(
            try await Self.single("select color, n, response from public.uses_largest", in: database)
                == ["green", "3", "SELECT 1"])
        let inlined = try String(
            contentsOf: root.appendingPathComponent("target/compiled/shop/models/uses_largest.sql"), encoding: .utf8)
        #expect(inlined.hasPrefix("with __dbt__cte__largest as ("))

        // What the catalog says of the columns, independently of the template.
        let expected = try await TestDatabase.rows(
            """
            select column_name || '|' || case when data_type = 'character varying'
                then data_type || '(' || character_maximum_length || ')'
                when data_type = 'numeric' then 'numeric(' || numeric_precision || ',' || numeric_scale || ')'
                else data_type end
              || '|' || (data_type in ('text', 'character varying'))::text
              || '|' || (data_type in ('integer', 'numeric'))::text
              || '|' || coalesce(case when data_type = 'text' then '256' else character_maximum_length::text end, '')
              || '|"' || column_name || '"'
            from information_schema.columns where table_schema = 'public' and table_name = 'colors'
            order by ordinal_position
            """, in: database
        ).map {
            $0[0]?.replacingOccurrences(of: "|true|", with: "|True|").replacingOccurrences(
                of: "|false|", with: "|False|")
        }
        let described = try await Self.single("select c1, c2, c3, c4 from public.columns", in: database)
        #expect(described == expected)
        #expect(expected[2] == "tone|character varying(20)|True|False|20|\"tone\"")

        #expect(
            try await Self.single(
                "select missing_is_none, found_type, is_mapping, models, adapter_type, which from public.catalog",
                in: database)
                == [
                    "t", "table", "t",
                    "catalog:view,colors:table,columns:view,counted:view,largest:ephemeral,"
                        + "pivoted:view,uses_largest:view", "postgres", "build",
                ])

        // The alias was configured while the graph was made (execute false); the query ran once colors existed.
        #expect(try await Self.single("select n from public.counted_at_parse", in: database) == ["3"])
        // Post-hooks render when they run, after the build: the count saw the new table; the seed was loaded,
        // then dropped.
        #expect(try await Self.single("select n from public.colors_count", in: database) == ["3"])
        #expect(build.standardOutput.contains("loaded seed file public.dropped"))
        #expect(try await Self.single("select to_regclass('public.dropped')::text", in: database) == [nil])
    }

    @Test("the adapter's catalog changes: create_schema, rename_relation, truncate_relation, drop_relation")
    func adapterChangesTheCatalog() async throws {
        let database = try await TestDatabase.create()
        let root = try CommandRunner.project([
            "models/kept.sql": """
            {{ config(materialized='table', post_hook=[
                "{% do adapter.create_schema(api.Relation.create(database=target.database, schema='side')) %}",
                "create table side.copy as select * from {{ this }}; create table side.gone (x int)",
                "{% do adapter.rename_relation(api.Relation.create(schema='side', identifier='copy'),"
                    ~ " api.Relation.create(schema='side', identifier='renamed')) %}",
                "{% do adapter.truncate_relation(api.Relation.create(schema='side', identifier='renamed')) %}",
                "{% do adapter.drop_relation(adapter.get_relation(target.database, 'side', 'gone')) %}"]) }}
            select 1 as id
            """
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = await CommandRunner.run(
            ["run", "--project-dir", root.path], environment: ["WH_DATABASE_URL": database.url])
        #expect(run.exitCode == 0, "\(run.standardError)")
        #expect(
            try await TestDatabase.rows(
                "select table_name::text from information_schema.tables where table_schema = 'side' order by 1",
                in: database) == [["renamed"]])
        #expect(try await Self.single("select count(*) from side.renamed", in: database) == ["0"])
    }

    @Test("a failing query names the model file and line, the macro's line and the server's error; the rest builds")
    func failingQueryIsLocated() async throws {
        let database = try await TestDatabase.create()
        let root = try Self.project([
            "macros/count_rows.sql": """
            {% macro count_rows(relation) %}
              {% set result = run_query("select count(*) from " ~ relation) %}
              {{ return(result.rows[0][0]) }}
            {% endmacro %}
            """,
            "models/broken.sql": "select 1 as a,\n  {{ count_rows('public.no_such_table') }} as b\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let build = await CommandRunner.run(
            ["build", "--project-dir", root.path], environment: ["WH_DATABASE_URL": database.url])
        #expect(build.exitCode == 1)
        #expect(
            build.standardError.contains(
                "models/broken.sql:2:6: error in model broken while rendering its SQL with the database:"))
        #expect(
            build.standardError.contains(
                "macros/count_rows.sql:2:19: error: run_query() failed: error 42P01: relation \"public.no_such_table\""
                    + " does not exist"))
        #expect(build.standardError.contains("select count(*) from public.no_such_table"))
        #expect(try await Self.single("select green_total from public.pivoted", in: database) == ["3"])
    }

    @Test("wh compile renders introspecting nodes connected and leaves the database as it was")
    func compileConnects() async throws {
        let database = try await TestDatabase.create()
        let root = try CommandRunner.project([
            "models/made.sql": """
            {% call statement('make') %}create table public.made_by_compile (x int){% endcall %}
            {% set tables = run_query("select count(*) from pg_tables where tablename = 'made_by_compile'") %}
            select {{ tables.rows[0][0] }} as seen_while_compiling
            """
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let compile = await CommandRunner.run(
            ["compile", "--project-dir", root.path], environment: ["WH_DATABASE_URL": database.url])
        #expect(compile.exitCode == 0, "\(compile.standardError)")
        let compiled = try String(
            contentsOf: root.appendingPathComponent("target/compiled/shop/models/made.sql"), encoding: .utf8)
        #expect(compiled.contains("select 1 as seen_while_compiling"))
        #expect(
            try await Self.single("select count(*) from pg_tables where tablename = 'made_by_compile'", in: database)
                == ["0"])
    }
}
