import Foundation
import SQLTemplate
import Testing
import WarehouseCore

/// An installed package (`dbt_packages/util`) loads as dbt loads it, and its macros, tests and dispatch resolve by
/// dbt's namespace rules.
@Suite struct PackageProjectTests {
    static let package: [String: String] = [
        "packages.yml": "packages:\n  - local: ../util\n",
        "dbt_packages/util/dbt_project.yml": """
        name: util
        require-dbt-version: [">=1.3.0", "<2.0.0"]
        models:
          util:
            +materialized: view
            +tags: ["from_package"]
        """,
        "dbt_packages/util/macros/util.sql": """
        {% macro greet() %}util-greet {{ helper() }}{% endmacro %}
        {% macro helper() %}util-helper{% endmacro %}
        {% macro local_only() %}util-local{% endmacro %}
        {% macro shout(x) %}{{ return(adapter.dispatch('shout', 'util')(x)) }}{% endmacro %}
        {% macro default__shout(x) %}default:{{ x }}{% endmacro %}
        {% macro postgres__shout(x) %}postgres:{{ x }}{% endmacro %}
        {% macro whisper(x) %}{{ return(adapter.dispatch('whisper', 'util')(x)) }}{% endmacro %}
        {% macro default__whisper(x) %}util-whisper:{{ x }}{% endmacro %}
        """,
        "dbt_packages/util/macros/tests.sql": """
        {% test positive(model, column_name) %}select * from {{ model }} where {{ column_name }} <= 0{% endtest %}
        {% test recency(model, field, datepart, interval) %}select 'util recency' as x{% endtest %}
        """,
        "dbt_packages/util/models/pkg_model.sql": "select '{{ local_only() }}' as a, '{{ helper() }}' as b",
    ]

    static let root: [String: String] = [
        "macros/root.sql": """
        {% macro helper() %}root-helper{% endmacro %}
        {% macro default__whisper(x) %}root-whisper:{{ x }}{% endmacro %}
        """,
        "models/uses.sql": """
        select '{{ util.greet() }}' as a, '{{ helper() }}' as b, '{{ shop.helper() }}' as c,
          '{{ util.shout(1) }}' as d, '{{ util.whisper(2) }}' as e,
          '{{ dbt.generate_alias_name('x', none) }}' as f
        from {{ ref('pkg_model') }} join {{ ref('util', 'pkg_model') }} using (a)
        """,
        "models/uses.yml": """
        version: 2
        models:
          - name: uses
            data_tests:
              - util.recency:
                  field: a
                  datepart: day
                  interval: 1
            columns:
              - name: a
                data_tests:
                  - util.positive
        """,
    ]

    static func project(dispatch: String = "", extra: [String: String] = [:]) throws -> TemporaryProject {
        let projectFile = """
            name: shop
            models:
              util:
                +materialized: table
            \(dispatch)
            """
        return try TemporaryProject(
            package.merging(root) { $1 }.merging(["dbt_project.yml": projectFile]) { $1 }.merging(extra) { $1 })
    }

    @Test func packageNodesCarryThePackageNameAndTheRootProjectsConfigs() async throws {
        let compiled = try await Self.project().compile()
        let node = try #require(compiled.nodes[NodeID("model.util.pkg_model")])
        #expect(node.packageName == "util")
        #expect(node.fqn == ["util", "pkg_model"])
        // The package says view, the root project says table under the package's name: the root project wins.
        #expect(node.config.materialized == "table")
        #expect(node.config.tags == ["from_package"])
        // A package node sees its own macros first, then the root project's.
        #expect(node.compiledCode == "select 'util-local' as a, 'util-helper' as b")
        #expect(compiled.compiledPath(of: node) == "compiled/util/models/pkg_model.sql")
    }

    @Test func namespacesOverridesAndDispatchResolveAsInDbt() async throws {
        let compiled = try await Self.project().compile()
        let uses = try #require(compiled.nodes[NodeID("model.shop.uses")])
        let values = uses.compiledCode.split(separator: "'").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        #expect(
            values == [
                // Inside a package macro, the macros of its own file come first (Jinja's template module).
                "util-greet util-helper",
                // A root node's bare name is the root project's macro; the root project's name is a namespace too.
                "root-helper", "root-helper",
                // dispatch tries postgres__ before default__.
                "postgres:1",
                // Without a dispatch: entry, the root project is searched before the installed package.
                "root-whisper:2",
                // dbt's own macros are the `dbt` namespace.
                "x",
            ])
        #expect(uses.dependsOn.contains(NodeID("model.util.pkg_model")))
    }

    @Test func dispatchFollowsTheProjectsSearchOrder() async throws {
        let compiled = try await Self.project(
            dispatch: "dispatch:\n  - macro_namespace: util\n    search_order: ['util', 'shop']\n"
        ).compile()
        let uses = try #require(compiled.nodes[NodeID("model.shop.uses")])
        #expect(uses.compiledCode.contains("'util-whisper:2' as e"))
    }

    @Test func namespacedTestsUseThePackagesMacroNotABuiltinOne() async throws {
        let compiled = try await Self.project().compile()
        let tests = compiled.nodes.values.filter { $0.resourceType == .test }.sorted { $0.id < $1.id }
        #expect(tests.map(\.name) == ["util_positive_uses_a", "util_recency_uses_day__a__1"])
        #expect(tests.allSatisfy { $0.id.rawValue.hasPrefix("test.shop.") })
        #expect(tests[1].compiledCode == "select 'util recency' as x")
        #expect(tests[0].compiledCode.hasSuffix("where a <= 0"))
    }

    @Test func aRootNodeCannotCallAPackageMacroWithoutItsNamespace() async throws {
        let problems = try await Self.project(extra: ["models/bare.sql": "select '{{ local_only() }}' as a"])
            .problems()
        #expect(problems.count == 1)
        #expect(problems.first?.diagnostic.message == "no macro or function named 'local_only'")
    }

    /// dbt's merge for a package node: the package's own vars, then the root project's (global, then scoped to the
    /// package), then `--vars`.
    @Test func packageNodesSeeTheirOwnVarsUnderTheRootProjects() async throws {
        var files = Self.package
        files["dbt_packages/util/dbt_project.yml"] =
            "name: util\nvars:\n  a: pkg-a\n  b: pkg-b\n  c: pkg-c\n  d: pkg-d\n"
        files["dbt_packages/util/models/pkg_model.sql"] =
            "select '{{ var('a') }}' as a, '{{ var('b') }}' as b, '{{ var('c') }}' as c, '{{ var('d') }}' as d"
        files["dbt_project.yml"] =
            "name: shop\nvars:\n  b: root-b\n  util:\n    c: root-util-c\n  shop:\n    d: root-d\n"
        files["models/root_vars.sql"] = "select '{{ var('d') }}' as d, '{{ var('b') }}' as b"
        let project = try TemporaryProject(files)
        let compiled = try await project.compile(cliVars: "{a: cli-a}")
        #expect(
            compiled.nodes[NodeID("model.util.pkg_model")]?.compiledCode
                == "select 'cli-a' as a, 'root-b' as b, 'root-util-c' as c, 'pkg-d' as d")
        #expect(compiled.nodes[NodeID("model.shop.root_vars")]?.compiledCode == "select 'root-d' as d, 'root-b' as b")
    }

    @Test func dispatchWithoutAnImplementationNamesWhatItSearched() async throws {
        let problems = try await Self.project(extra: [
            "models/bad.sql": "select {{ adapter.dispatch('missing', 'util')() }}",
            "models/dotted.sql": "select {{ adapter.dispatch('util.shout')(1) }}",
        ]).problems()
        #expect(
            problems.map(\.diagnostic.message) == [
                "adapter.dispatch found no macro for 'missing' in the namespace 'util'",
                "'util.shout' is not a macro name: '.' cannot be part of one",
            ])
        #expect(
            problems.first?.diagnostic.help
                == "searched for shop.postgres__missing, shop.default__missing, util.postgres__missing, "
                + "util.default__missing; define one of them, or add the package that provides it to packages.yml "
                + "and run `wh deps`")
        #expect(problems.last?.diagnostic.help == "write adapter.dispatch('shout', macro_namespace='util')")
    }

    @Test func packagesInstallPathAndPackageSeedsFollowTheProjectFile() async throws {
        var files = Self.package.merging([
            "dbt_project.yml": "name: shop\npackages-install-path: vendor\nseeds:\n  util:\n    +schema: lookups\n"
        ]) { $1 }
        for (path, text) in Self.package where path.hasPrefix("dbt_packages/") {
            files.removeValue(forKey: path)
            files["vendor/" + path.dropFirst("dbt_packages/".count)] = text
        }
        files["vendor/util/seeds/codes.csv"] = "code\n1\n"
        let compiled = try await TemporaryProject(files).compile()
        let seed = try #require(compiled.nodes[NodeID("seed.util.codes")])
        #expect(seed.path == "vendor/util/seeds/codes.csv")
        #expect(seed.config.schema == "lookups")
        #expect(compiled.nodes[NodeID("model.util.pkg_model")] != nil)
    }

    @Test func unknownNamespacedTestsSayWhatIsMissing() async throws {
        let problems = try await Self.project(extra: [
            "models/uses.yml": """
            version: 2
            models:
              - name: uses
                data_tests:
                  - util.posittive
                  - nope.unique
            """
        ]).problems()
        #expect(problems.map(\.diagnostic.message) == ["unknown test 'util.posittive'", "unknown test 'nope.unique'"])
        #expect(problems.first?.diagnostic.help == "did you mean 'positive'?")
        #expect(
            problems.last?.diagnostic.help
                == "'nope' is not an installed package: add it to packages.yml and run `wh deps`")
    }

    @Test func packagesThatAreNotInstalledAskForWhDeps() throws {
        let project = try TemporaryProject([
            "dbt_project.yml": "name: shop\n",
            "packages.yml": "packages:\n  - local: ../util\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0\n",
        ])
        #expect {
            try ProjectLoader.load(root: project.root, cliVars: nil)
        } throws: { error in
            let diagnostics = (error as? ProjectError)?.diagnostics ?? []
            return diagnostics.map(\.description).joined().contains(
                "packages.yml:2:5: error: packages.yml names 2 package(s) and 0 are installed in dbt_packages/: 2 "
                    + "missing") && diagnostics.first?.help == "run `wh deps` to install them"
        }
    }

    @Test func requireDbtVersionIsCheckedAgainstTheVersionWhFollows() throws {
        let project = try TemporaryProject(
            Self.package.merging([
                "dbt_project.yml": "name: shop\n",
                "dbt_packages/util/dbt_project.yml": "name: util\nrequire-dbt-version: \">=2.0.0\"\n",
            ]) { $1 })
        #expect {
            try ProjectLoader.load(root: project.root, cliVars: nil)
        } throws: { error in
            (error as? ProjectError)?.diagnostics.map(\.message) == [
                "'util' requires dbt >=2.0.0, and wh is compatible with dbt \(DbtCompatibility.version)"
            ]
        }
    }
}
