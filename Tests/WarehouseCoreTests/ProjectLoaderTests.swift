import Foundation
import SQLTemplate
import Testing
import WarehouseCore

@Suite struct ProjectLoaderTests {
    @Test func loadsSettingsConnectionTargetAndVars() throws {
        let project = try ProjectLoader.load(root: ProjectFixtures.url("project_basic"), cliVars: nil)
        #expect(project.name == "shop")
        #expect(project.settings.file == "project.yml")
        #expect(project.settings.version == "1.0")
        #expect(project.settings.modelPaths == ["models"])
        #expect(project.settings.testPaths == ["data_tests"])
        #expect(project.settings.docsPaths == ["models"])
        #expect(project.settings.targetPath == "target")
        #expect(
            project.settings.target == TargetSettings(name: "dev", schema: "analytics", threads: 8, type: "postgres"))
        let connection = try #require(project.settings.connection)
        #expect(connection.host == "localhost")
        #expect(connection.port == "5433")
        #expect(connection.password == "{{ env_var('PGPASSWORD') }}")
        #expect(connection.user == nil)
        #expect(connection.location == SourceLocation(path: "project.yml", line: 9, column: 3))
        #expect(project.vars.global["start_date"] == .string("2020-01-01"))
        #expect(project.vars.global["limit_rows"] == .int(100))
        #expect(project.vars.global["shop"] == nil)
        #expect(project.vars.value("region", package: "shop") == .string("eu"))
        #expect(project.vars.value("region", package: "other") == nil)
    }

    @Test func commandLineVarsOverrideProjectVars() throws {
        let project = try ProjectLoader.load(
            root: ProjectFixtures.url("project_basic"), cliVars: "{start_date: '2021-06-01', region: apac, full: yes}"
        )
        #expect(project.vars.value("start_date", package: "shop") == .string("2021-06-01"))
        #expect(project.vars.value("region", package: "shop") == .string("apac"))
        #expect(project.vars.value("full", package: "shop") == .bool(true))
        #expect(project.vars.value("limit_rows", package: "shop") == .int(100))
        #expect(project.vars.all(for: "shop").count == 4)
    }

    @Test func discoversFilesInSortedOrder() throws {
        let project = try ProjectLoader.load(root: ProjectFixtures.url("project_basic"), cliVars: nil)
        #expect(
            project.models.map(\.path) == [
                "models/marts/fact_orders.sql", "models/staging/stg_customers.sql", "models/staging/stg_orders.sql",
            ]
        )
        #expect(project.seeds.map(\.path) == ["seeds/raw_orders.csv"])
        #expect(project.singularTests.map(\.path) == ["data_tests/assert_positive.sql"])
        #expect(project.macroFiles.map(\.path) == ["macros/cents.sql", "data_tests/generic/is_even.sql"])
        #expect(project.docFiles.map(\.path) == ["models/overview.md"])
        #expect(project.docFiles.first?.text.hasPrefix("{% docs orders %}") == true)
        #expect(project.propertyFiles == ["models/schema.yml", "seeds/seeds.yml"])
        let fact = try #require(project.models.first)
        #expect(fact.name == "fact_orders")
        #expect(fact.folders == ["marts"])
        #expect(fact.fqn == ["shop", "marts", "fact_orders"])
        #expect(fact.rawSQL == "{{ config(materialized='table') }}\nselect * from {{ ref('stg_orders') }}\n")
        #expect(project.seeds.first?.rawSQL == nil)
        #expect(project.seeds.first?.fqn == ["shop", "raw_orders"])
        #expect(project.singularTests.first?.fqn == ["shop", "assert_positive"])
    }

    @Test func resolvesFolderConfigsInnermostWinsTagsAccumulate() throws {
        let project = try ProjectLoader.load(root: ProjectFixtures.url("project_basic"), cliVars: nil)
        let byName = Dictionary(uniqueKeysWithValues: project.models.map { ($0.name, $0) })
        let fact = try #require(byName["fact_orders"]?.config)
        #expect(fact.materialized == "table")
        #expect(fact.schema == "gold")
        #expect(fact.tags == ["base"])
        #expect(fact.postHook == ["grant select on {{ this }} to reporter"])
        let customers = try #require(byName["stg_customers"]?.config)
        #expect(customers.materialized == "view")
        #expect(customers.alias == "customers_v")
        #expect(customers.schema == nil)
        #expect(customers.tags == ["base", "staging"])
        #expect(customers.meta == [Literal.KeyValue(key: "owner", value: .string("data"))])
        #expect(byName["stg_orders"]?.config.alias == nil)
        let seed = try #require(project.seeds.first?.config)
        #expect(seed.materialized == "seed")
        #expect(seed.schema == "bronze")
        #expect(seed.columnTypes == [Literal.KeyValue(key: "amount", value: .string("numeric"))])
        let test = try #require(project.singularTests.first?.config)
        #expect(test.materialized == "test")
        #expect(test.severity == "WARN")
        #expect(project.config(for: .test, fqn: ["shop", "not_null_x"]).severity == "WARN")
        #expect(project.config(for: .model, fqn: ["other", "x"]).materialized == "view")
    }

    @Test func dbtProjectWithPlusAndPlainKeys() throws {
        let project = try ProjectLoader.load(root: ProjectFixtures.url("dbt_style"), cliVars: nil)
        #expect(project.settings.file == "dbt_project.yml")
        #expect(project.settings.testPaths == ["tests"])
        #expect(project.settings.connection == nil)
        #expect(project.settings.target == TargetSettings())
        #expect(project.vars.value("region", package: "jaffle") == .string("us"))
        #expect(project.vars.value("min_amount", package: "jaffle") == .int(5))
        let byName = Dictionary(uniqueKeysWithValues: project.models.map { ($0.name, $0) })
        let stgA = try #require(byName["stg_a"]?.config)
        #expect(stgA.materialized == "table")
        #expect(stgA.tags == ["all", "stg"])
        #expect(stgA.preHook == ["select 1", "select 2"])
        #expect(stgA.enabled)
        let stgB = try #require(byName["stg_b"])
        #expect(stgB.fqn == ["jaffle", "staging", "nested", "stg_b"])
        #expect(stgB.config.enabled == false)
        #expect(stgB.config.extra == ["my_custom": .int(42)])
        #expect(stgB.config.meta == [Literal.KeyValue(key: "owner", value: .string("a"))])
        #expect(stgB.config.preHook == ["select 1", "select 2"])
        let orders = try #require(byName["orders"]?.config)
        #expect(orders.materialized == "incremental")
        #expect(orders.uniqueKey == .string("id"))
        #expect(orders.onSchemaChange == "append_new_columns")
        #expect(orders.tags == ["all"])
        #expect(project.singularTests.map(\.name) == ["singular_check"])
        #expect(project.singularTests.first?.config.storeFailures == true)
        #expect(project.macroFiles.map(\.path) == ["tests/generic/my_test.sql"])
        #expect(project.warnings.map(\.location) == [SourceLocation(path: "dbt_project.yml", line: 6, column: 1)])
        #expect(project.warnings.first?.help == "did you mean 'model-paths'?")
    }

    @Test func readsPropertyFilesWithTestsAndArguments() throws {
        let project = try ProjectLoader.load(root: ProjectFixtures.url("project_basic"), cliVars: nil)
        let orders = try #require(project.models.first { $0.name == "stg_orders" })
        let properties = try #require(orders.properties)
        #expect(properties.path == "models/schema.yml")
        #expect(properties.location == SourceLocation(path: "models/schema.yml", line: 3, column: 11))
        #expect(properties.description == "Orders")
        #expect(properties.config == ["materialized": .string("table"), "tags": .list([.string("pii")])])
        #expect(properties.columns.map(\.name) == ["order_id", "customer_id", "status"])
        #expect(properties.columns[0].dataType == "integer")
        #expect(properties.columns[0].location == SourceLocation(path: "models/schema.yml", line: 9, column: 15))
        #expect(properties.columns[0].tests.map(\.testName) == ["unique", "not_null"])
        #expect(
            properties.columns[0].tests[1].location == SourceLocation(path: "models/schema.yml", line: 13, column: 13))

        let relationships = try #require(properties.columns[1].tests.first)
        #expect(relationships.testName == "relationships")
        #expect(
            relationships.arguments == [
                Literal.KeyValue(key: "to", value: .string("ref('stg_customers')")),
                Literal.KeyValue(key: "field", value: .string("customer_id")),
            ]
        )
        #expect(relationships.config == ["severity": .string("warn")])
        #expect(relationships.location == SourceLocation(path: "models/schema.yml", line: 16, column: 13))

        let accepted = try #require(properties.columns[2].tests.first)
        #expect(accepted.testName == "accepted_values")
        #expect(
            accepted.arguments == [
                Literal.KeyValue(key: "values", value: .list([.string("placed"), .string("shipped")])),
                Literal.KeyValue(key: "quote", value: .bool(false)),
            ]
        )
        #expect(accepted.config == ["where": .string("status is not null")])

        let modelTest = try #require(properties.tests.first)
        #expect(modelTest.testName == "dbt_utils.expression_is_true")
        #expect(modelTest.name == "positive_amount")
        #expect(
            modelTest.arguments == [
                Literal.KeyValue(key: "expression", value: .string("amount > {{ var('min_amount') }}"))
            ])

        let merged = try orders.config.merging(properties.config)
        #expect(merged.materialized == "table")
        #expect(merged.tags == ["base", "staging", "pii"])

        let seed = try #require(project.seeds.first?.properties)
        #expect(seed.config["column_types"] == .dict([Literal.KeyValue(key: "order_id", value: .string("bigint"))]))
        #expect(project.warnings.map(\.location) == [SourceLocation(path: "seeds/seeds.yml", line: 7, column: 1)])
        #expect(project.warnings.first?.severity == .note)
    }

    @Test func readsSourcesWithFreshnessInheritance() throws {
        let project = try ProjectLoader.load(root: ProjectFixtures.url("project_basic"), cliVars: nil)
        let source = try #require(project.sources.first)
        #expect(project.sources.count == 1)
        #expect(source.name == "raw")
        #expect(source.schema == "bronze")
        #expect(source.path == "models/schema.yml")
        let twelveHours = FreshnessPolicy(warnAfter: FreshnessThreshold(count: 12, period: .hour))
        #expect(source.freshness == twelveHours)
        #expect(source.tables.map(\.name) == ["orders", "events"])
        #expect(source.tables.map(\.identifier) == ["raw_orders", "events"])
        #expect(source.tables[0].freshness == twelveHours)
        #expect(source.tables[0].loadedAtField == "_loaded_at")
        #expect(source.tables[1].freshness == nil)
        #expect(source.tables[1].location == SourceLocation(path: "models/schema.yml", line: 41, column: 15))
    }
}
