import Foundation
import Testing
import WarehouseEngine
import WarehouseTesting

/// `wh init`: a starter project that builds as it is, and wh's settings beside a dbt project.
@Suite("wh init", .serialized)
struct InitCommandTests {
    /// The process environment without anything that would point `wh` at another server.
    private static let embeddedEnvironment = ProcessInfo.processInfo.environment.filter {
        !$0.key.hasPrefix("PG") && $0.key != "WH_DATABASE_URL" && $0.key != "DBT_PROFILES_DIR"
    }

    private static func emptyFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wh-init-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("wh init demo, then wh build and wh test in it, on the embedded Postgres from an empty folder")
    func starterProjectBuilds() async throws {
        let folder = try Self.emptyFolder()
        let demo = folder.appendingPathComponent("demo")
        defer {
            _ = try? EmbeddedPostgres(projectRoot: demo, logger: TestDatabase.logger).stop()
            try? FileManager.default.removeItem(at: folder)
        }
        let environment = Self.embeddedEnvironment

        let created = await CommandRunner.run(["init", demo.path], environment: environment)
        #expect(created.exitCode == 0, "\(created.standardError)")
        #expect(created.standardOutput.hasPrefix("Created the project 'demo' in \(demo.path):\n  project.yml\n"))
        #expect(created.standardOutput.hasSuffix("Next: cd \(demo.path) && wh build"))

        let build = await CommandRunner.run(["build", "--project-dir", demo.path], environment: environment)
        #expect(build.exitCode == 0, "\(build.standardError)")
        #expect(build.standardOutput.contains("OK created sql table model public.customers_by_country"))
        #expect(build.standardOutput.hasSuffix("Done. PASS=8 WARN=0 ERROR=0 SKIP=0 TOTAL=8"))

        let test = await CommandRunner.run(["test", "--project-dir", demo.path], environment: environment)
        #expect(test.exitCode == 0, "\(test.standardError)")
        #expect(test.standardOutput.hasSuffix("Done. PASS=6 WARN=0 ERROR=0 SKIP=0 TOTAL=6"))
        #expect(FileManager.default.fileExists(atPath: demo.appendingPathComponent(".wh/postgres").path))
    }

    @Test("wh init refuses to overwrite: exit 1, a clear message, and every file as it was")
    func refusesToOverwrite() async throws {
        let folder = try Self.emptyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let readme = folder.appendingPathComponent("README.md")
        try Data("mine\n".utf8).write(to: readme)

        let result = await CommandRunner.run(["init", folder.path], environment: [:])
        #expect(result.exitCode == 1)
        #expect(
            result.standardError == """
                error: \(readme.path) already exists; wh init wrote nothing
                  help: wh init never overwrites a file: choose a new folder, or move the existing files away
                """)
        #expect(try String(contentsOf: readme, encoding: .utf8) == "mine\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["README.md"])
    }

    @Test("a folder name that is not an identifier names the project as one")
    func projectNameFromFolder() async throws {
        let folder = try Self.emptyFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = await CommandRunner.run(["init", folder.appendingPathComponent("my-shop").path], environment: [:])
        #expect(result.exitCode == 0)
        let project = try String(
            contentsOf: folder.appendingPathComponent("my-shop/project.yml"), encoding: .utf8)
        #expect(project.contains("\nname: my_shop\n"))
    }

    private static let dbtProject = """
        name: jaffle_shop
        profile: jaffle
        config-version: 2
        models:
          jaffle_shop:
            +materialized: view
        """

    private static let profiles = """
        jaffle:
          target: dev
          outputs:
            dev:
              type: postgres
              host: db.internal
              port: 5433
              user: analyst
              password: hunter2
              dbname: analytics
              schema: dbt_analyst
              threads: 8
              sslmode: require
            ci:
              type: postgres
              host: "{{ env_var('CI_HOST') }}"
              user: ci
              pass: "{{ env_var('CI_PASSWORD') }}"
              dbname: ci_db
              schema: ci
        """

    private func dbtFolder() throws -> (project: URL, profiles: URL) {
        let root = try Self.emptyFolder()
        let project = root.appendingPathComponent("jaffle")
        let profiles = root.appendingPathComponent("dotdbt")
        for (url, text) in [
            (project.appendingPathComponent("dbt_project.yml"), Self.dbtProject),
            (project.appendingPathComponent("models/orders.sql"), "select 1 as order_id"),
            (profiles.appendingPathComponent("profiles.yml"), Self.profiles),
        ] {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return (project, profiles)
    }

    @Test("--from-dbt writes project.yml with dbt's settings and the profile's connection; dbt's files unchanged")
    func fromDbt() async throws {
        let (project, profiles) = try dbtFolder()
        defer { try? FileManager.default.removeItem(at: project.deletingLastPathComponent()) }

        let result = await CommandRunner.run(
            ["init", "--from-dbt", project.path, "--profiles-dir", profiles.path], environment: [:])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(
            result.standardOutput
                == "Wrote \(project.path)/project.yml from dbt_project.yml and the target 'dev' of the profile "
                + "'jaffle' in \(profiles.path)/profiles.yml")
        #expect(result.standardError.contains("note: the password in profiles.yml was not copied into project.yml"))
        #expect(result.standardError.contains("note: wh has no setting for sslmode of the target; left out"))
        let written = try String(contentsOf: project.appendingPathComponent("project.yml"), encoding: .utf8)
        #expect(written.contains("\n" + Self.dbtProject + "\n"))
        #expect(
            written.hasSuffix(
                """
                connection:
                  host: "db.internal"
                  port: "5433"
                  user: "analyst"
                  dbname: "analytics"
                target:
                  name: "dev"
                  schema: "dbt_analyst"
                  threads: 8

                """))
        #expect(!written.contains("hunter2"))
        #expect(
            try String(contentsOf: project.appendingPathComponent("dbt_project.yml"), encoding: .utf8)
                == Self.dbtProject)

        // wh reads it: compiled SQL names the profile's database and schema, without connecting.
        let compiled = await CommandRunner.run(["compile", "--project-dir", project.path], environment: [:])
        #expect(compiled.exitCode == 0, "\(compiled.standardError)")
        let sql = try String(
            contentsOf: project.appendingPathComponent("target/compiled/jaffle_shop/models/orders.sql"), encoding: .utf8
        )
        #expect(sql == "select 1 as order_id")
        let listed = await CommandRunner.run(
            ["ls", "--project-dir", project.path, "--output", "json"], environment: [:])
        #expect(listed.standardOutput.contains(#""relation_name":"\"analytics\".\"dbt_analyst\".\"orders\"""#))

        let again = await CommandRunner.run(
            ["init", "--from-dbt", project.path, "--profiles-dir", profiles.path], environment: [:])
        #expect(again.exitCode == 1)
        #expect(
            again.standardError.hasPrefix("error: \(project.path)/project.yml already exists; wh init wrote nothing"))
    }

    @Test("--from-dbt finds profiles.yml through DBT_PROFILES_DIR; --target picks another target, env_var kept")
    func fromDbtWithEnvironmentAndTarget() async throws {
        let (project, profiles) = try dbtFolder()
        defer { try? FileManager.default.removeItem(at: project.deletingLastPathComponent()) }
        let result = await CommandRunner.run(
            ["init", "--from-dbt", project.path, "--target", "ci"], environment: ["DBT_PROFILES_DIR": profiles.path])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let written = try String(contentsOf: project.appendingPathComponent("project.yml"), encoding: .utf8)
        #expect(
            written.hasSuffix(
                """
                connection:
                  host: "{{ env_var('CI_HOST') }}"
                  user: "ci"
                  password: "{{ env_var('CI_PASSWORD') }}"
                  dbname: "ci_db"
                target:
                  name: "ci"
                  schema: "ci"

                """))
    }

    @Test("--from-dbt with a missing target or profile says which exist; a dbt folder without --from-dbt is refused")
    func fromDbtProblems() async throws {
        let (project, profiles) = try dbtFolder()
        defer { try? FileManager.default.removeItem(at: project.deletingLastPathComponent()) }
        let missingTarget = await CommandRunner.run(
            ["init", "--from-dbt", project.path, "--profiles-dir", profiles.path, "--target", "prd"], environment: [:])
        #expect(missingTarget.exitCode == 1)
        #expect(missingTarget.standardError.contains("error: profile 'jaffle' has no target 'prd' under `outputs`"))
        #expect(missingTarget.standardError.contains("help: targets here: dev, ci"))

        let noProfiles = await CommandRunner.run(
            ["init", "--from-dbt", project.path], environment: ["HOME": project.path])
        #expect(noProfiles.exitCode == 1)
        #expect(noProfiles.standardError.hasPrefix("error: no profiles.yml at \(project.path)/.dbt/profiles.yml"))

        let plain = await CommandRunner.run(["init", project.path], environment: [:])
        #expect(plain.exitCode == 1)
        #expect(
            plain.standardError == """
                error: \(project.path)/dbt_project.yml is a dbt project
                  help: run `wh init --from-dbt \(project.path)` to write wh's settings beside it
                """)
        #expect(!FileManager.default.fileExists(atPath: project.appendingPathComponent("project.yml").path))
    }
}
