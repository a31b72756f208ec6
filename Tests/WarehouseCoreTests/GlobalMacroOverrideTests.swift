import Foundation
import SQLTemplate
import Testing
import WarehouseCore

/// A project overrides dbt's global macros the way dbt lets it, and a bad call is reported where the project made it.
@Suite struct GlobalMacroOverrideTests {
    private func compiled(_ files: [String: String]) async throws -> [String: String] {
        let project = try TemporaryProject.named(files)
        let compiled = try await project.compile()
        return Dictionary(uniqueKeysWithValues: compiled.nodes.values.map { ($0.name, $0.compiledCode) })
    }

    /// `adapter.dispatch(name, 'dbt')` finds the project's `postgres__name` first, from `name()` and `dbt.name()`.
    @Test func projectImplementationReplacesDbtsForBothSpellings() async throws {
        let sql = try await compiled([
            "macros/dates.sql":
                "{% macro postgres__dateadd(datepart, interval, from) %}{{ from }} + {{ interval }}{% endmacro %}",
            "macros/types.sql": "{% macro default__type_string() %}{{ return('varchar') }}{% endmacro %}",
            "models/m.sql": "{{ dateadd('day', 2, 'd') }}|{{ dbt.dateadd('day', 3, 'd') }}|{{ dbt.type_string() }}",
        ])
        #expect(sql["m"] == "d + 2|d + 3|varchar")
    }

    /// A project macro named like dbt's wins for the bare name; `dbt.name()` still means dbt's.
    @Test func projectMacroOfTheSameNameLeavesTheDbtNamespaceAlone() async throws {
        let sql = try await compiled([
            "macros/hash.sql": "{% macro hash(field) %}sha256({{ field }}){% endmacro %}",
            "models/m.sql": "{{ hash('a') }}|{{ dbt.hash('a') }}",
        ])
        #expect(sql["m"] == "sha256(a)|md5(cast(a as TEXT))")
    }

    /// dbt refuses a datepart it cannot count; the error names the project's call, not `wh`'s macro text, and the
    /// other models still compile.
    @Test func unsupportedDatepartIsReportedAtTheProjectsCall() async throws {
        let project = try TemporaryProject.named([
            "macros/age.sql": "{% macro age_in(part) %}\n  {{ datediff('born', 'now()', part) }}\n{% endmacro %}",
            "models/bad.sql": "select\n  {{ dbt.datediff('a', 'b', 'fortnight') }} as x",
            "models/via_macro.sql": "select {{ age_in('decade') }} as age",
            "models/good.sql": "select {{ dbt.datediff('a', 'b', 'day') }} as x",
        ])
        do {
            _ = try await project.compile()
            Issue.record("expected the unsupported dateparts to fail")
        } catch let error as CompileError {
            let problems = error.problems.sorted { $0.diagnostic.location < $1.diagnostic.location }
            #expect(problems.count == 2)
            let direct = try #require(problems.first { $0.diagnostic.location.path == "models/bad.sql" })
            #expect(direct.diagnostic.location.line == 2)
            #expect(direct.diagnostic.location.column == 10)
            #expect(direct.diagnostic.message == "Unsupported datepart for macro datediff in postgres: 'fortnight'")
            #expect(direct.callStack.isEmpty)
            let nested = try #require(problems.first { $0.diagnostic.location.path == "macros/age.sql" })
            #expect(nested.diagnostic.location.line == 2)
            #expect(nested.callStack.map(\.path) == ["models/via_macro.sql"])
            let partial = try #require(error.partial)
            #expect(partial.project.nodes.values.map(\.name) == ["good"])
        }
    }

    /// The same inside a project's generic test: the test macro's call is what to fix.
    @Test func unsupportedDatepartInAGenericTestIsReportedInTheTestMacro() async throws {
        let project = try TemporaryProject.named([
            "macros/fresh.sql":
                "{% test fresh(model, column_name) %}\nselect {{ dbt.datediff(column_name, 'now()', 'eon') }}\n{% endtest %}",
            "models/m.sql": "select now() as at",
            "models/m.yml":
                "version: 2\nmodels:\n  - name: m\n    columns:\n      - name: at\n        data_tests: [fresh]\n",
        ])
        let problems = try await project.problems()
        #expect(problems.map(\.diagnostic.location.path) == ["macros/fresh.sql"])
        #expect(problems.first?.diagnostic.location.line == 2)
        #expect(problems.first?.diagnostic.message == "Unsupported datepart for macro datediff in postgres: 'eon'")
    }
}
