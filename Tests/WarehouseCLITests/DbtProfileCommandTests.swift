import Foundation
import PostgresClient
import Testing
import WarehouseTesting

/// A dbt project with no connection of its own connects through dbt's profiles.yml, found as dbt finds it.
@Suite("dbt profiles.yml as the connection of a dbt project")
struct DbtProfileCommandTests {
    /// A dbt project (no project.yml) naming the profile `shop`, with one model, written into a fresh folder.
    private static func dbtProject(_ files: [String: String] = [:]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wh-dbt-\(UUID().uuidString)")
        let base = [
            "dbt_project.yml": "name: jaffle\nprofile: shop\n",
            "models/orders.sql": "select 1 as id, '{{ target.name }}' as built_for",
        ]
        for (path, text) in base.merging(files, uniquingKeysWith: { $1 }) {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    /// profiles.yml for `database`: target `dev` (schema `dev_schema`, port from `$SHOP_PORT`) and `ci`.
    private static func profiles(_ database: ConnectionConfiguration) throws -> String {
        let url = try #require(URLComponents(string: database.url))
        return """
            shop:
              target: dev
              outputs:
                dev:
                  type: postgres
                  host: \(url.host ?? "")
                  port: "{{ env_var('SHOP_PORT') | int }}"
                  user: \(url.user ?? "postgres")
                  password: ""
                  dbname: "{{ env_var('SHOP_DB', '\(url.path.dropFirst())') }}"
                  schema: dev_schema
                  threads: 2
                ci:
                  type: postgres
                  host: \(url.host ?? "")
                  port: \(url.port ?? 5432)
                  user: \(url.user ?? "postgres")
                  dbname: \(url.path.dropFirst())
                  schema: ci_schema
                  threads: 1
            """
    }

    private static func port(_ database: ConnectionConfiguration) throws -> String {
        String(try #require(URLComponents(string: database.url)?.port))
    }

    @Test("profiles.yml in the project folder, then --target, --profiles-dir and DBT_PROFILES_DIR")
    func connectsThroughTheProfile() async throws {
        let database = try await TestDatabase.create()
        let root = try Self.dbtProject(["profiles.yml": try Self.profiles(database)])
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["SHOP_PORT": try Self.port(database)]

        let run = await CommandRunner.run(["run", "--project-dir", root.path], environment: environment)
        #expect(run.exitCode == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("(from target 'dev' of profile 'shop' in profiles.yml:"))
        #expect(try await TestDatabase.rows("select built_for from dev_schema.orders", in: database) == [["dev"]])

        let ci = await CommandRunner.run(
            ["run", "--project-dir", root.path, "--target", "ci"], environment: environment)
        #expect(ci.exitCode == 0, "\(ci.standardError)")
        #expect(try await TestDatabase.rows("select built_for from ci_schema.orders", in: database) == [["ci"]])

        // The option and the variable win over the project folder; the folder they name must hold profiles.yml.
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent(
            "wh-profiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        try Data(try Self.profiles(database).replacingOccurrences(of: "dev_schema", with: "other_schema").utf8)
            .write(to: elsewhere.appendingPathComponent("profiles.yml"))
        let option = await CommandRunner.run(
            ["run", "--project-dir", root.path, "--profiles-dir", elsewhere.path], environment: environment)
        #expect(option.exitCode == 0, "\(option.standardError)")
        #expect(try await TestDatabase.rows("select count(*) from other_schema.orders", in: database) == [["1"]])
        let variable = await CommandRunner.run(
            ["compile", "--project-dir", root.path],
            environment: environment.merging(["DBT_PROFILES_DIR": root.appendingPathComponent("models").path]) { $1 })
        #expect(variable.exitCode == 1)
        #expect(variable.standardError.contains("error: no readable profiles.yml at \(root.path)/models/profiles.yml"))

        // WH_DATABASE_URL is wh's own connection: the profile is not read at all.
        let url = await CommandRunner.run(
            ["run", "--project-dir", root.path], environment: ["WH_DATABASE_URL": database.url])
        #expect(url.exitCode == 0, "\(url.standardError)")
        #expect(try await TestDatabase.rows("select built_for from public.orders", in: database) == [["dev"]])
    }

    @Test("a bad profiles.yml is reported at its file, line and column with the fix")
    func badProfilesAreLocated() async throws {
        let database = try await TestDatabase.create()
        let root = try Self.dbtProject(["profiles.yml": try Self.profiles(database)])
        defer { try? FileManager.default.removeItem(at: root) }

        let unset = await CommandRunner.run(["compile", "--project-dir", root.path], environment: [:])
        #expect(unset.exitCode == 1)
        #expect(
            unset.standardError.hasPrefix(
                """
                profiles.yml:7:13: error: in `port` of target 'dev': environment variable 'SHOP_PORT' is not set
                          port: "{{ env_var('SHOP_PORT') | int }}"
                                ^
                  help: export SHOP_PORT=... or give a default: env_var('SHOP_PORT', 'value')
                """), "\(unset.standardError)")

        let typo = await CommandRunner.run(
            ["compile", "--project-dir", root.path, "--target", "cl"], environment: ["SHOP_PORT": "1"])
        #expect(typo.exitCode == 1)
        #expect(
            typo.standardError.contains("profiles.yml:3:3: error: profile 'shop' has no target 'cl' under `outputs`"))
        #expect(typo.standardError.contains("help: did you mean 'ci'?"))
    }
}
