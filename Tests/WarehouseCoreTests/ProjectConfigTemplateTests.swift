import Foundation
import SQLTemplate
import Testing

@testable import WarehouseCore

/// Config values in the project file written as templates are rendered with `env_var`, `var` and `target`, as dbt
/// renders dbt_project.yml.
@Suite struct ProjectConfigTemplateTests {
    private static let dbtProject = """
        name: shop
        profile: shop
        vars:
          nightly_tag: nightly
        models:
          shop:
            staging:
              +enabled: "{{ target.name == 'prod' }}"
            marts:
              +schema: "{{ env_var('MARTS_SCHEMA', 'marts_default') }}"
              +tags: "{{ var('nightly_tag') }}"
              +limit: "{{ 2 + 3 }}"
        """

    private static let profiles = """
        shop:
          target: dev
          outputs:
            dev: {type: postgres, host: localhost, dbname: shop, schema: dev_schema}
            prod: {type: postgres, host: localhost, dbname: shop, schema: prod_schema}
        """

    private func load(target: String?, environment: [String: String]) throws -> Project {
        let project = try TemporaryProject([
            "dbt_project.yml": Self.dbtProject, "profiles.yml": Self.profiles,
            "models/staging/stg_orders.sql": "select 1 as id", "models/marts/orders.sql": "select 1 as id",
        ])
        defer { try? FileManager.default.removeItem(at: project.root) }
        return try ProjectLoader.load(
            root: project.root, cliVars: nil,
            profiles: DbtProfileSelection(target: target, environment: environment))
    }

    @Test("enabled, schema, tags and a number rendered with target, env_var and var")
    func rendersWithTargetEnvVarAndVar() throws {
        let dev = try load(target: nil, environment: [:])
        #expect(dev.settings.target.name == "dev")
        #expect(dev.config(for: .model, fqn: ["shop", "staging", "stg_orders"]).enabled == false)
        let marts = dev.config(for: .model, fqn: ["shop", "marts", "orders"])
        #expect(marts.schema == "marts_default")
        #expect(marts.tags == ["nightly"])
        #expect(marts.limit == 5)

        let prod = try load(target: "prod", environment: ["MARTS_SCHEMA": "gold"])
        #expect(prod.settings.target.schema == "prod_schema")
        #expect(prod.config(for: .model, fqn: ["shop", "staging", "stg_orders"]).enabled == true)
        #expect(prod.config(for: .model, fqn: ["shop", "marts", "orders"]).schema == "gold")
    }

    @Test("a template that renders a value of the wrong shape, or fails, is an error at its place")
    func badTemplatesAreLocated() throws {
        let project = try TemporaryProject([
            "project.yml": """
            name: shop
            models:
              shop:
                +enabled: "{{ 'maybe' }}"
                +schema: "{{ env_var('NO_SUCH_VARIABLE') }}"
            """,
            "models/a.sql": "select 1",
        ])
        defer { try? FileManager.default.removeItem(at: project.root) }
        #expect {
            try ProjectLoader.load(root: project.root, cliVars: nil)
        } throws: { error in
            guard let error = error as? ProjectError else { return false }
            return error.diagnostics.map(\.description) == [
                """
                project.yml:4:15: error: config 'enabled' expects true or false, found a string (rendered from a template)
                        +enabled: "{{ 'maybe' }}"
                                  ^
                  help: make the template render a value that suits `enabled`
                """,
                """
                project.yml:5:14: error: in `schema`: environment variable 'NO_SUCH_VARIABLE' is not set
                        +schema: "{{ env_var('NO_SUCH_VARIABLE') }}"
                                 ^
                  help: export NO_SUCH_VARIABLE=... or give a default: env_var('NO_SUCH_VARIABLE', 'value')
                """,
            ]
        }
    }
}
