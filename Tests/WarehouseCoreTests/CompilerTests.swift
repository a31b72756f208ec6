import Foundation
import SQLTemplate
import Testing
import WarehouseCore

@Suite struct CompilerTests {
    private func model(_ name: String) -> NodeID { NodeID(.model, package: "p", name: name) }

    @Test func refInABranchNotTakenIsStillAnEdge() async throws {
        let project = try TemporaryProject.named([
            "models/a.sql": "select 1 as id",
            "models/b.sql": "{% if false %}select * from {{ ref('a') }}{% endif %}select 2 as id",
        ])
        let compiled = try await project.compile()
        #expect(compiled.nodes[model("b")]?.dependsOn == [model("a")])
        #expect(compiled.nodes[model("b")]?.compiledCode == "select 2 as id")
    }

    @Test func refRendersTheQualifiedRelationAndSchemaFollowsDbtRule() async throws {
        let project = try TemporaryProject.named([
            "models/a.sql": "{{ config(schema='marts', alias='a_table') }}select 1 as id",
            "models/b.sql": "select * from {{ ref('a') }} join {{ this }} on true",
        ])
        let compiled = try await project.compile(options: CompileOptions(database: "db", environment: [:]))
        #expect(
            compiled.nodes[model("b")]?.compiledCode
                == #"select * from "db"."public_marts"."a_table" join "db"."public"."b" on true"#)
    }

    @Test func projectOverrideOfGenerateSchemaNameIsUsed() async throws {
        let project = try TemporaryProject.named([
            "macros/schema.sql": """
            {% macro generate_schema_name(custom_schema_name, node) -%}
                {{ custom_schema_name | trim if custom_schema_name else target.schema }}
            {%- endmacro %}
            """,
            "models/a.sql": "{{ config(schema='gold') }}select 1 as id",
        ])
        let compiled = try await project.compile()
        #expect(compiled.nodes[model("a")]?.relation?.schema == "gold")
    }

    @Test func aliasesMatchDbtsDefaultMacroRenderedForEveryNode() async throws {
        let models = [
            "models/plain.sql": "select 1 as id",
            "models/aliased.sql": "{{ config(alias='  spaced_alias ') }}select 1 as id",
            "models/empty_alias.sql": "{{ config(alias='') }}select 1 as id",
        ]
        // The same rule as dbt's default__generate_alias_name, but the project's own, so it is rendered per node.
        let override = """
            {% macro generate_alias_name(custom_alias_name=none, node=none) -%}
                {%- if custom_alias_name -%}{{ custom_alias_name | trim }}{%- else -%}{{ node.name }}{%- endif -%}
            {%- endmacro %}
            """
        let builtin = try await TemporaryProject.named(models).compile()
        let rendered = try await TemporaryProject.named(models.merging(["macros/alias.sql": override]) { $1 }).compile()
        let identifiers = ["plain": "plain", "aliased": "spaced_alias", "empty_alias": "empty_alias"]
        for (name, identifier) in identifiers {
            #expect(builtin.nodes[model(name)]?.relation?.identifier == identifier)
            #expect(rendered.nodes[model(name)]?.relation?.identifier == identifier)
        }
    }

    @Test func projectOverrideOfGenerateAliasNameIsUsed() async throws {
        let project = try TemporaryProject.named([
            "macros/alias.sql": """
            {% macro generate_alias_name(custom_alias_name=none, node=none) -%}
                {{ node.name ~ '_v2' }}
            {%- endmacro %}
            """,
            "models/a.sql": "select 1 as id",
        ])
        let compiled = try await project.compile()
        #expect(compiled.nodes[model("a")]?.relation?.identifier == "a_v2")
    }

    @Test func refWithAComputedNameBecomesAnEdgeOnceRendered() async throws {
        let project = try TemporaryProject.named(
            [
                "models/a.sql": "select 1 as id",
                "models/b.sql": "select * from {{ ref(var('upstream')) }}",
            ], vars: "vars:\n  upstream: a\n")
        let compiled = try await project.compile()
        #expect(compiled.nodes[model("b")]?.dependsOn == [model("a")])
        #expect(compiled.graph.children[model("a")] == [model("b")])
    }

    @Test func unknownRefNamesFileLineColumnAndSuggests() async throws {
        let project = try TemporaryProject.named([
            "models/orders.sql": "select 1 as id",
            "models/report.sql": "select *\nfrom {{ ref('ordrs') }}",
        ])
        let problems = try await project.problems()
        let problem = try #require(problems.first)
        #expect(problems.count == 1)
        #expect(problem.diagnostic.location == SourceLocation(path: "models/report.sql", line: 2, column: 9))
        #expect(problem.diagnostic.message == "unknown model or seed 'ordrs' in ref()")
        #expect(problem.diagnostic.help == "did you mean 'orders'?")
        #expect(problem.description.contains("from {{ ref('ordrs') }}\n            ^"))
    }

    @Test func everyBrokenModelIsReportedInOneRun() async throws {
        let project = try TemporaryProject.named([
            "models/a.sql": "select {{ 1 + }}",
            "models/b.sql": "select 1",
            "models/c.sql": "{% if true %}select 1",
        ])
        let problems = try await project.problems()
        #expect(problems.map(\.diagnostic.location.path) == ["models/a.sql", "models/c.sql"])
        #expect(problems.map(\.diagnostic.location.line) == [1, 1])
    }

    @Test func cycleIsPrintedAsAPathOfFiles() async throws {
        let project = try TemporaryProject.named([
            "models/a.sql": "select * from {{ ref('c') }}",
            "models/b.sql": "select * from {{ ref('a') }}",
            "models/c.sql": "select 1 as x\nunion all select * from {{ ref('b') }}",
        ])
        let problems = try await project.problems()
        let problem = try #require(problems.first)
        #expect(
            problem.diagnostic.message
                == "dependency cycle: models/a.sql -> models/b.sql -> models/c.sql -> models/a.sql")
        // Pointed at the call in c.sql that reads a.sql's descendant b again, closing the loop back to a.
        #expect(
            problem.diagnostic.location.path == "models/c.sql" || problem.diagnostic.location.path == "models/a.sql")
        #expect(problem.diagnostic.location.line >= 1)
    }

    @Test func undefinedVariableIsAnErrorAtItsPositionInStrictMode() async throws {
        let project = try TemporaryProject.named(["models/a.sql": "select\n  {{ amount_column }} from t"])
        let strict = CompileOptions(environment: [:], strictUndefined: true)
        let problem = try #require(try await project.problems(options: strict).first)
        #expect(problem.diagnostic.location == SourceLocation(path: "models/a.sql", line: 2, column: 6))
        #expect(problem.diagnostic.message == "'amount_column' is undefined")
    }

    /// dbt renders an undefined name as empty text; `wh` does too and warns once per place, with a suggestion.
    @Test func undefinedVariableRendersEmptyWithAWarning() async throws {
        let project = try TemporaryProject.named([
            "models/a.sql": "select\n  {{ amount_colum }} from t",
            "models/b.sql": "{% set amount_column = 1 %}select {{ m() }}, {{ amount_colum }}",
            "macros/m.sql": "{% macro m() %}{{ typo }}{% endmacro %}",
        ])
        let compiled = try await project.compile()
        #expect(compiled.nodes[model("a")]?.compiledCode == "select\n   from t")
        #expect(
            compiled.warnings.map(\.location.description) == [
                "macros/m.sql:1:19", "models/a.sql:2:6", "models/b.sql:1:49",
            ])
        #expect(compiled.warnings.allSatisfy { $0.severity == .warning })
        #expect(compiled.warnings.last?.help?.hasPrefix("did you mean 'amount_column'?") == true)
    }

    /// dbt strips a model file before rendering, and returns a file without Jinja as it is (line endings kept);
    /// template positions stay those of the file.
    @Test func modelFilesAreStrippedAsDbtDoes() async throws {
        let broken = try TemporaryProject.named(["models/c.sql": "\n\n  select {{ 1 + 'x' }}"])
        let problem = try #require(try await broken.problems().first)
        #expect(problem.diagnostic.location == SourceLocation(path: "models/c.sql", line: 3, column: 15))
        let project = try TemporaryProject.named([
            "models/a.sql": "\n\n  select {{ 1 }}  \n\n",
            "models/b.sql": "\r\nselect 1\r\nfrom t\r\n\r\n",
            "models/d.sql": "\n\nselect\r\n{{ 2 }}\r\n",
        ])
        let compiled = try await project.compile()
        #expect(compiled.nodes[model("a")]?.compiledCode == "select 1")
        #expect(compiled.nodes[model("b")]?.compiledCode == "select 1\r\nfrom t")
        #expect(compiled.nodes[model("d")]?.compiledCode == "select\n2")
    }

    @Test func varsComeFromProjectCommandLineAndDefaults() async throws {
        let project = try TemporaryProject.named(
            ["models/a.sql": "select {{ var('x') }}, {{ var('y', 7) }}, {{ var('z', 'fallback') }}"],
            vars: "vars:\n  x: 1\n  y: 2\n")
        let compiled = try await project.compile(cliVars: "{x: 10}")
        #expect(compiled.nodes[model("a")]?.compiledCode == "select 10, 2, fallback")
    }

    @Test func missingVarWithoutDefaultIsAnError() async throws {
        let project = try TemporaryProject.named(["models/a.sql": "select {{ var('start_date') }}"])
        let problem = try #require(try await project.problems().first)
        #expect(problem.diagnostic.location == SourceLocation(path: "models/a.sql", line: 1, column: 11))
        #expect(problem.diagnostic.message == "required var 'start_date' is not set")
    }

    @Test func configWithComputedArgumentIsAppliedBeforeNaming() async throws {
        let project = try TemporaryProject.named(
            ["models/a.sql": "{{ config(materialized=var('mat'), schema='s' ~ 1) }}select 1"],
            vars: "vars:\n  mat: table\n")
        let node = try #require(try await project.compile().nodes[model("a")])
        #expect(node.materialized == "table")
        #expect(node.relation?.schema == "public_s1")
    }

    @Test func disabledModelIsLeftOutAndARefToItSaysSo() async throws {
        let project = try TemporaryProject.named([
            "models/old.sql": "{{ config(enabled=false) }}select 1",
            "models/new.sql": "select * from {{ ref('old') }}",
        ])
        let problem = try #require(try await project.problems().first)
        #expect(problem.diagnostic.message == "ref('old') points at a disabled node")
    }

    @Test func isIncrementalFollowsTheRuntimeAndFullRefresh() async throws {
        let files = [
            "models/events.sql": """
            {{ config(materialized='incremental') }}select 1{% if is_incremental() %} where id > (select max(id) from {{ this }}){% endif %}
            """
        ]
        let project = try TemporaryProject.named(files)
        let existing: Set<NodeID> = [model("events")]
        let incremental = try await project.compile(
            options: CompileOptions(database: "d", existingIncrementalModels: existing, environment: [:]))
        #expect(
            incremental.nodes[model("events")]?.compiledCode
                == #"select 1 where id > (select max(id) from "d"."public"."events")"#)
        let refreshed = try await project.compile(
            options: CompileOptions(
                database: "d", existingIncrementalModels: existing, fullRefresh: true, environment: [:]))
        #expect(refreshed.nodes[model("events")]?.compiledCode == "select 1")
    }

    @Test func fullRefreshFalseKeepsIsIncrementalTrueUnderFullRefresh() async throws {
        let project = try TemporaryProject.named([
            "models/events.sql": "{{ config(materialized='incremental', full_refresh=false) }}"
                + "select 1{% if is_incremental() %} where true{% endif %}"
        ])
        let compiled = try await project.compile(
            options: CompileOptions(
                database: "d", existingIncrementalModels: [model("events")], fullRefresh: true, environment: [:]))
        #expect(compiled.nodes[model("events")]?.compiledCode == "select 1 where true")
    }

    @Test func unknownTestInAPropertyFileIsReportedAtItsEntry() async throws {
        let project = try TemporaryProject.named([
            "models/a.sql": "select 1 as id",
            "models/schema.yml":
                "version: 2\nmodels:\n  - name: a\n    columns:\n      - name: id\n        tests:\n          - uniqe\n",
        ])
        let problem = try #require(try await project.problems().first)
        #expect(problem.diagnostic.location.path == "models/schema.yml")
        #expect(problem.diagnostic.location.line == 7)
        #expect(problem.diagnostic.message == "unknown test 'uniqe'")
        #expect(problem.diagnostic.help == "did you mean 'unique'?")
    }

    @Test func customGenericTestAndEnvVarAndDocs() async throws {
        let project = try TemporaryProject.named([
            "macros/tests.sql": """
            {% test is_positive(model, column_name) %}select * from {{ model }} where {{ column_name }} <= 0{% endtest %}
            """,
            "models/docs.md": "{% docs amount %}The order amount.{% enddocs %}",
            "models/a.sql": "select {{ env_var('WH_TEST_ANSWER', '41') }} as amount -- {{ doc('amount') }}",
            "models/schema.yml":
                "version: 2\nmodels:\n  - name: a\n    columns:\n      - name: amount\n        tests: [is_positive]\n",
        ])
        let compiled = try await project.compile(
            options: CompileOptions(database: "d", environment: ["WH_TEST_ANSWER": "42"]))
        #expect(compiled.nodes[model("a")]?.compiledCode == "select 42 as amount -- The order amount.")
        let test = try #require(compiled.nodes.values.first { $0.resourceType == .test })
        #expect(test.name == "is_positive_a_amount")
        #expect(test.compiledCode == #"select * from "d"."public"."a" where amount <= 0"#)
        #expect(test.dependsOn == [model("a")])
    }

    @Test func raiseCompilerErrorStopsWithTheMessageAtTheCall() async throws {
        let project = try TemporaryProject.named([
            "models/a.sql": "select 1\n{{ exceptions.raise_compiler_error('grain must be day or month') }}"
        ])
        let problem = try #require(try await project.problems().first)
        #expect(problem.diagnostic.message == "grain must be day or month")
        #expect(problem.diagnostic.location.line == 2)
    }

    @Test func compiledLinesMapBackToModelLinesPastEphemeralCTEs() async throws {
        let project = try TemporaryProject.named([
            "models/base.sql": "{{ config(materialized='ephemeral') }}\nselect\n  1 as id",
            "models/report.sql":
                "{{ config(materialized='table') -}}\n\n-- report\nselect\n  id\nfrom {{ ref('base') }}",
        ])
        let node = try #require(try await project.compile().nodes[model("report")])
        let lines = node.compiledCode.split(separator: "\n", omittingEmptySubsequences: false)
        let selectLine = try #require(lines.firstIndex { $0 == ") -- report" || $0 == "select" }) + 1
        let idLine = try #require(lines.firstIndex { $0 == "  id" }) + 1
        #expect(node.sourceLine(forCompiledLine: idLine) == 5)
        #expect(node.sourceLine(forCompiledLine: idLine + 1) == 6)
        #expect(node.sourceLine(forCompiledLine: 1) == nil)
        #expect(selectLine > 1)
    }

    @Test func hooksAreRenderedInTheModelsContext() async throws {
        let project = try TemporaryProject.named([
            "models/a.sql": """
            {{ config(post_hook=["grant select on {{ this }} to reporter", "analyze {{ this }}"]) }}select 1 as id
            """
        ])
        let node = try #require(
            try await project.compile(options: CompileOptions(database: "d", environment: [:]))
                .nodes[model("a")])
        #expect(node.postHooks == [#"grant select on "d"."public"."a" to reporter"#, #"analyze "d"."public"."a""#])
        #expect(node.preHooks.isEmpty)
    }
}
