import SQLTemplate
import Testing
import WarehouseCore

/// `kpis:` in property files: what a good definition compiles to, and a located error that says the fix for each
/// kind of bad one.
@Suite struct KPIDefinitionTests {
    private let models = [
        "models/sales.sql": "select 1 as amount, current_date as day, 'FR' as country",
        "models/hidden.sql": "{{ config(materialized='ephemeral') }} select 1 as x",
    ]

    private func project(_ kpis: String) throws -> TemporaryProject {
        try TemporaryProject.named(models.merging(["models/_kpis.yml": "version: 2\nkpis:\n" + kpis]) { $1 })
    }

    /// The load's or compile's errors as `path:line: message [help]`.
    private func problems(_ kpis: String) async throws -> [String] {
        let temporary = try project(kpis)
        let diagnostics: [Diagnostic]
        switch Result(catching: { () throws(ProjectError) in try ProjectLoader.load(root: temporary.root, cliVars: nil)
        })
        {
        case .failure(let error): diagnostics = error.diagnostics.filter { $0.severity == .error }
        case .success(let project): diagnostics = await compileProblems(project)
        }
        return diagnostics.map {
            "\($0.location.path):\($0.location.line): \($0.message)" + ($0.help.map { " [\($0)]" } ?? "")
        }
    }

    private func compileProblems(_ project: Project) async -> [Diagnostic] {
        do throws(CompileError) {
            _ = try await Compiler(project: project, options: CompileOptions(environment: [:])).compile()
            return []
        } catch {
            return error.problems.map(\.diagnostic)
        }
    }

    @Test func aModelKPICompilesToAStatementWithQuotedIdentifiersAndBindPlaceholders() async throws {
        let compiled = try await project(
            """
              - name: sales_by_country
                description: Sales per country.
                model: sales
                path: /api/countries/{country}/sales
                parameters:
                  - {name: country, type: text, in: path}
                  - {name: since, type: date, column: day, op: ">="}
                  - {name: minimum, type: numeric, column: amount, op: ">=", default: "0.50"}
                order_by: [day desc, amount]
                max_rows: 50
                cache_seconds: 60
                scopes: [sales]
                statement_timeout: 2s
            """
        ).compile()
        let kpi = try #require(compiled.kpis.first)
        #expect(kpi.definition.route.description == "/api/countries/{country}/sales")
        #expect(kpi.definition.maxRows == 50)
        #expect(kpi.definition.cacheSeconds == 60)
        #expect(kpi.definition.scopes == ["sales"])
        #expect(kpi.definition.statementTimeoutMilliseconds == 2000)
        #expect(kpi.definition.location.line == 3)
        #expect(kpi.reads == [NodeID("model.p.sales")])
        #expect(
            kpi.statement == """
                select * from "warehouse"."public"."sales"
                where "country" = $1::text
                    and ($2::date is null or "day" >= $2::date)
                    and "amount" >= $3::numeric
                order by "day" desc, "amount"
                limit $4 offset $5
                """)
        #expect(
            kpi.bindings == [.parameter("country"), .parameter("since"), .parameter("minimum"), .limitPlusOne, .offset])
    }

    @Test func aSQLKPIRendersRefVarAndParamAsPlaceholdersInFirstUseOrder() async throws {
        let compiled = try await project(
            """
              - name: top
                sql: |
                  select * from {{ ref('sales') }}
                  where amount <= {{ param('n') }} and ({{ param('from') }} is null or day >= {{ param('from') }})
                  limit {{ var('cap', 7) }}
                parameters:
                  - {name: from, type: timestamp}
                  - {name: n, type: integer, default: 10, min: 1, max: 100}
            """
        ).compile()
        let kpi = try #require(compiled.kpis.first)
        #expect(kpi.definition.route.description == "/api/kpis/top")
        #expect(
            kpi.statement == """
                select * from (
                select * from "warehouse"."public"."sales"
                where amount <= $1::bigint and ($2::timestamptz is null or day >= $2::timestamptz)
                limit 7
                ) as kpi
                limit $3 offset $4
                """)
        #expect(kpi.bindings == [.parameter("n"), .parameter("from"), .limitPlusOne, .offset])
        #expect(kpi.reads == [NodeID("model.p.sales")])
        let n = try #require(kpi.definition.parameter(named: "n"))
        #expect(n.defaultValue == "10")
        #expect(n.check("100") == .success("100"))
        #expect(throws: KPIValueProblem.self) { try n.check("101").get() }
        #expect(throws: KPIValueProblem.self) { try n.check("99999999999999999999999").get() }
        #expect(throws: KPIValueProblem.self) { try n.check("1 or 1=1").get() }
    }

    @Test func valuesAreCheckedAgainstTheirTypesAndBounds() throws {
        var date = KPIParameter(name: "d", type: .date, location: SourceLocation(path: "x", line: 1, column: 1))
        date.minimum = "2024-01-01"
        #expect(date.check("2024-02-29") == .success("2024-02-29"))
        #expect(throws: KPIValueProblem.self) { try date.check("2023-02-29").get() }
        #expect(throws: KPIValueProblem.self) { try date.check("2023-12-31").get() }
        #expect(throws: KPIValueProblem.self) { try date.check("2024-01-01'; drop table x; --").get() }
        let timestamp = KPIParameter(name: "t", type: .timestamp, location: date.location)
        #expect(timestamp.check("2024-03-01 10:00") == .success("2024-03-01T10:00:00Z"))
        #expect(timestamp.check("2024-03-01T10:00:05.25+01:00") == .success("2024-03-01T10:00:05.25+01:00"))
        #expect(throws: KPIValueProblem.self) { try timestamp.check("2024-03-01T25:00").get() }
        let numeric = KPIParameter(name: "x", type: .numeric, location: date.location)
        #expect(numeric.check("-12.50") == .success("-12.50"))
        #expect(numeric.check("+.5") == .success(".5"))
        for bad in ["1e5", "12,5", "", ".", "NaN", String(repeating: "9", count: 65)] {
            #expect(throws: KPIValueProblem.self, "\(bad)") { try numeric.check(bad).get() }
        }
        var text = KPIParameter(name: "s", type: .text, location: date.location)
        text.maxLength = 3
        #expect(text.check("äöü") == .success("äöü"))
        #expect(throws: KPIValueProblem.self) { try text.check("abcd").get() }
        #expect(throws: KPIValueProblem.self) { try text.check("a\u{0}").get() }
        var choice = KPIParameter(name: "grain", type: .enum, location: date.location)
        choice.values = ["day", "month"]
        #expect(choice.check("month") == .success("month"))
        #expect(throws: KPIValueProblem.self) { try choice.check("Month").get() }
    }

    @Test func badDefinitionsAreReportedAtTheirLineWithTheFix() async throws {
        let cases: [(String, String)] = [
            (
                "  - name: a\n    model: sales\n    max_row: 5\n",
                "models/_kpis.yml:5: unknown key `max_row` in KPI 'a' [did you mean 'max_rows'?]"
            ),
            (
                "  - name: a\n    model: sales\n    parameters:\n      - {name: n, type: int}\n",
                "models/_kpis.yml:6: unknown parameter type 'int'"
            ),
            (
                "  - name: a\n    model: sales\n    parameters:\n      - {name: n, type: integer, default: ten}\n",
                "models/_kpis.yml:6: `default` ten of parameter 'n' must be an integer"
            ),
            (
                "  - name: a\n    model: sales\n    parameters:\n      - {name: g, type: enum}\n",
                "models/_kpis.yml:6: enum parameter 'g' has no `values` [list what it accepts"
            ),
            (
                "  - name: a\n    model: sales\n    parameters:\n      - {name: n, type: integer, min: 1, max: 9, default: 10}\n",
                "models/_kpis.yml:6: `default` 10 of parameter 'n' must be at most 9"
            ),
            (
                "  - name: a\n    model: sale\n",
                "models/_kpis.yml:3: KPI 'a' reads model 'sale', but no model has that name [did you mean 'sales'?]"
            ),
            (
                "  - name: a\n    model: hidden\n",
                "models/_kpis.yml:3: KPI 'a' reads model 'hidden', which is ephemeral"
            ),
            (
                "  - name: a\n    model: sales\n    path: /api/c/{id}/x\n",
                "models/_kpis.yml:5: KPI 'a' path segment {id} has no path parameter [declare it under `parameters:`"
            ),
            (
                "  - name: a\n    model: sales\n  - name: a\n    model: sales\n",
                "models/_kpis.yml:5: KPI 'a' is already defined at models/_kpis.yml:3"
            ),
            (
                "  - name: a\n    model: sales\n    path: /api/x/{id}\n    parameters: [{name: id, type: text, in: path}]\n"
                    + "  - name: b\n    model: sales\n    path: /api/x/{key}\n    parameters: [{name: key, type: text, in: path}]\n",
                "models/_kpis.yml:7: KPI 'b' answers on /api/x/{key}, which the KPI at models/_kpis.yml:3:11 already answers on"
            ),
            (
                "  - name: a\n    sql: select {{ param('m') }}\n    parameters: [{name: n, type: integer}]\n",
                "models/_kpis.yml:4: param('m') names no parameter of this KPI [did you mean 'n'?]"
            ),
            (
                "  - name: a\n    sql: |\n      select 1\n      from {{ ref('nope') }}\n",
                "models/_kpis.yml:6: unknown model or seed 'nope' in ref()"
            ),
            (
                "  - name: a\n    sql: select 1;\n",
                "models/_kpis.yml:3: the `sql` of KPI 'a' ends with `;`"
            ),
            (
                "  - name: a\n    sql: select 1\n    parameters: [{name: n, type: integer}]\n",
                "models/_kpis.yml:5: KPI 'a' declares parameter 'n', but its `sql` never places it"
            ),
            (
                "  - name: a\n    model: sales\n    parameters: [{name: limit, type: integer}]\n",
                "models/_kpis.yml:5: parameter name 'limit' is reserved"
            ),
            (
                "  - name: a\n    sql: select {{ param('n') }}\n    parameters: [{name: n, type: integer, column: x}]\n",
                "models/_kpis.yml:5: `column` applies only to parameters of a `model:` KPI"
            ),
            (
                "  - name: a\n    model: sales\n    sql: select 1\n",
                "models/_kpis.yml:5: KPI 'a' has both `model` and `sql`"
            ),
            (
                "  - name: Bad-Name\n    model: sales\n",
                "models/_kpis.yml:3: KPI name 'Bad-Name' is not a lowercase identifier"
            ),
            (
                "  - name: a\n    model: sales\n    path: /kpis/a\n",
                "models/_kpis.yml:5: KPI path '/kpis/a' is not under /api/"
            ),
            (
                "  - name: a\n    model: sales\n    path: /api/kpis/b\n",
                "models/_kpis.yml:5: KPI path '/api/kpis/b' is under /api/kpis/, where KPIs answer by name"
            ),
            (
                "  - name: a\n    model: sales\n    parameters: [{name: id, type: text, in: path}]\n",
                "models/_kpis.yml:5: KPI 'a' parameter 'id' is `in: path`, but its path /api/kpis/a has no {id} segment"
            ),
        ]
        for (yaml, expected) in cases {
            let found = try await problems(yaml)
            #expect(found.contains { $0.hasPrefix(expected) }, "expected \(expected)\nfound \(found)")
        }
    }

    @Test func serveSettingsAreReadWithTheirDefaults() throws {
        let defaults = try TemporaryProject.named([:])
        #expect(try ProjectLoader.load(root: defaults.root, cliVars: nil).settings.serve == ServeSettings())
        let custom = try TemporaryProject.named(
            [:], vars: "serve:\n  host: 0.0.0.0\n  port: 9000\n  statement_timeout: 1500ms\n")
        let serve = try ProjectLoader.load(root: custom.root, cliVars: nil).settings.serve
        #expect(serve.host == "0.0.0.0")
        #expect(serve.port == 9000)
        #expect(serve.statementTimeoutMilliseconds == 1500)
        let bad = try TemporaryProject.named([:], vars: "serve:\n  prot: 9000\n")
        #expect(throws: ProjectError.self) { try ProjectLoader.load(root: bad.root, cliVars: nil) }
    }
}
