import Foundation
import PostgresClient
import Testing
import WarehouseTesting

/// dbt-utils' own integration project (`Compat/dbt-utils/integration_tests`, a copy of `../shared/compat` kept in the repository so a clean clone has it, which installs dbt-utils with
/// `local: ../`) under `wh deps` then `wh build --full-refresh` on a real Postgres: every node must end as
/// `Compat/dbt-utils-expected.json` records dbt-core 1.11.16 ending it.
///
/// Nodes are matched by their unique id, test ids included (their hash is dbt's). Every mismatch fails the test and is
/// printed as a table with its error.
@Suite struct DbtUtilsCompatibilityTests {
    static let compatFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Compat")

    @Test func integrationProjectBuildsAsDbtBuildsIt() async throws {
        let fixture = Self.compatFolder.appendingPathComponent("dbt-utils")
        try #require(
            FileManager.default.fileExists(atPath: fixture.path),
            "the dbt-utils fixture is missing at \(fixture.path) (see Compat/README.md)")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("wh-dbt-utils-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let package = scratch.appendingPathComponent("dbt-utils")
        try FileManager.default.copyItem(at: fixture, to: package)
        let project = package.appendingPathComponent("integration_tests")

        let deps = await CommandRunner.run(["deps", "--project-dir", project.path])
        #expect(deps.exitCode == 0, "\(deps.standardError)")
        try await Self.expectBuildAsDbtBuildsIt(project, environment: [:])
    }

    /// `wh build --full-refresh` of `project` (its packages installed) into a new database: every node ends as
    /// `dbt-utils-expected.json` records and every model's relation holds what dbt's holds.
    static func expectBuildAsDbtBuildsIt(_ project: URL, environment: [String: String]) async throws {
        let expected = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: compatFolder.appendingPathComponent("dbt-utils-expected.json")))
                as? [String: Any])
        let expectedResults = try #require(expected["results"] as? [String: String])
        #expect(expectedResults.count == 237)
        let database = try await TestDatabase.create()
        let build = await CommandRunner.run(
            ["build", "--full-refresh", "--project-dir", project.path],
            environment: environment.merging(["WH_DATABASE_URL": database.url]) { _, url in url })

        let actual = try Self.runResults(project)
        let mismatches = expectedResults.keys.sorted().compactMap { id -> Mismatch? in
            let outcome = actual[id]
            guard outcome?.status != expectedResults[id] else { return nil }
            return Mismatch(
                id: id, expected: expectedResults[id] ?? "", actual: outcome?.status ?? "not run",
                error: outcome?.message ?? Self.compileError(for: id, in: build.standardError))
        }
        let unexpected = actual.keys.filter { expectedResults[$0] == nil }.sorted()
        Self.printTable(mismatches, unexpected: unexpected, of: expectedResults.count, build: build)
        for mismatch in mismatches {
            Issue.record("\(mismatch.id): expected \(mismatch.expected), got \(mismatch.actual): \(mismatch.error)")
        }
        #expect(unexpected.isEmpty, "nodes dbt does not have: \(unexpected)")
        try await Self.expectRelationsAsDbtMadeThem(in: database)
    }

    /// Each model's relation holds what dbt's holds: the same row count and the same digest of its column names and
    /// sorted rows (DbtUtilsGoldens/relation_digests.json, written by make_goldens.py there with real dbt; numbers are
    /// compared by value, so seed columns wh types otherwise than dbt's agate digest the same).
    static func expectRelationsAsDbtMadeThem(in database: ConnectionConfiguration) async throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "DbtUtilsGoldens")
        let goldens = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: folder.appendingPathComponent("relation_digests.json")))
                as? [String: [String: Any]])
        #expect(goldens.count == 50)
        let sql = try String(contentsOf: folder.appendingPathComponent("relation_digests.sql"), encoding: .utf8)
        var ours: [String: (rows: Int, digest: String)] = [:]
        for row in try await TestDatabase.rows(sql, in: database) {
            guard let name = row[1], goldens[name] != nil else { continue }
            #expect(ours[name] == nil, "\(name) is in two schemas")
            ours[name] = (Int(row[2] ?? "") ?? -1, row[3] ?? "")
        }
        for (name, golden) in goldens.sorted(by: { $0.key < $1.key }) {
            let relation = try #require(ours[name], "wh made no relation \(name)")
            #expect(relation.rows == golden["rows"] as? Int, "\(name): row count differs from dbt's")
            // A model holding the time of its build has no digest: only its row count can match.
            guard let digest = golden["digest"] as? String else { continue }
            #expect(relation.digest == digest, "\(name): rows differ from dbt's")
        }
    }

    /// An error without what varies from node to node (its place, quoted names, relations), to group by.
    static func cause(of error: String) -> String {
        var text = Substring(error.split(separator: "\n").first ?? "")
        if let range = text.range(of: "error: ") { text = text[range.upperBound...] }
        var result = ""
        var inQuote = false
        for character in text {
            if character == "'" || character == "\"" {
                if !inQuote { result += "…" }
                inQuote.toggle()
            } else if !inQuote {
                result.append(character)
            }
        }
        return String(result.prefix(120))
    }

    /// dbt-utils installed by `wh deps` from a git repository (a `file://` URL made here) and from a hub index served
    /// on loopback compiles exactly as when installed with `local: ../` (the same messages, the same compiled files),
    /// and builds as dbt builds it.
    @Test func dbtUtilsFromGitAndTheHubBuildsAsFromALocalFolder() async throws {
        let fixture = Self.compatFolder.appendingPathComponent("dbt-utils")
        try #require(FileManager.default.fileExists(atPath: fixture.path), "the dbt-utils fixture is missing")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("wh-dbt-utils-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let repository = scratch.appendingPathComponent("dbt-utils")
        try FileManager.default.copyItem(at: fixture, to: repository)
        try DepsCommandTests.run("git", ["init", "--quiet"], in: repository)
        try DepsCommandTests.run("git", ["add", "."], in: repository)
        try DepsCommandTests.run(
            "git", ["-c", "user.name=wh", "-c", "user.email=wh@example.com", "commit", "--quiet", "-m", "1.3.0"],
            in: repository)
        try DepsCommandTests.run("tar", ["-czf", "../dbt-utils.tgz", "--exclude=.git", "../dbt-utils"], in: repository)
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.serve("/dbt-utils.tgz", try Data(contentsOf: scratch.appendingPathComponent("dbt-utils.tgz")))
        let index: [String: Any] = [
            "name": "dbt_utils", "namespace": "dbt-labs",
            "versions": [
                "1.3.0": [
                    "name": "dbt_utils", "packages": [], "require_dbt_version": [">=1.3.0", "<3.0.0"],
                    "downloads": ["tarball": "\(server.baseURL)dbt-utils.tgz"],
                ]
            ],
        ]
        server.serve("/api/v1/dbt-labs/dbt_utils.json", try JSONSerialization.data(withJSONObject: index))

        // Nodes that query render while compiling (in a transaction rolled back): one test server for the three, not
        // an embedded Postgres started in each copy and left running.
        let database = try await TestDatabase.create()
        var outcomes: [String] = []
        for (install, packages) in [
            ("local", "packages:\n  - local: ../\n"),
            ("git", "packages:\n  - git: file://\(repository.path)\n"),
            ("hub", "packages:\n  - package: dbt-labs/dbt_utils\n    version: [\">=1.0.0\", \"<2.0.0\"]\n"),
        ] {
            let copy = scratch.appendingPathComponent(install)
            try FileManager.default.copyItem(at: fixture, to: copy)
            let project = copy.appendingPathComponent("integration_tests")
            try Data(packages.utf8).write(to: project.appendingPathComponent("packages.yml"))
            let environment = ["DBT_PACKAGE_HUB_URL": server.baseURL, "WH_DATABASE_URL": database.url]
            let deps = await CommandRunner.run(["deps", "--project-dir", project.path], environment: environment)
            #expect(deps.exitCode == 0, "\(install): \(deps.standardError)")
            let compile = await CommandRunner.run(["compile", "--project-dir", project.path], environment: environment)
            var outcome = "exit \(compile.exitCode)\n\(compile.standardOutput)\n\(compile.standardError)"
            let compiled = project.appendingPathComponent("target/compiled")
            let files = FileManager.default.enumerator(atPath: compiled.path)?.allObjects as? [String] ?? []
            for file in files.sorted() where file.hasSuffix(".sql") {
                outcome +=
                    "\n-- \(file)\n" + (try String(contentsOf: compiled.appendingPathComponent(file), encoding: .utf8))
            }
            // What differs between runs: the copy's folder and how long the compile took.
            let timing = try NSRegularExpression(pattern: " in [0-9.]+m?s ")
            outcome = outcome.replacingOccurrences(of: copy.path, with: "<copy>")
            outcomes.append(
                timing.stringByReplacingMatches(
                    in: outcome, range: NSRange(outcome.startIndex..., in: outcome), withTemplate: " in <time> "))
            if install != "local" {
                try await Self.expectBuildAsDbtBuildsIt(project, environment: environment)
            }
        }
        #expect(outcomes[1] == outcomes[0], "git install compiles differently")
        #expect(outcomes[2] == outcomes[0], "hub install compiles differently")
    }

    struct Mismatch {
        var id: String
        var expected: String
        var actual: String
        var error: String
    }

    /// `target/run_results.json` by node id; empty when the build ran nothing.
    static func runResults(_ project: URL) throws -> [String: (status: String, message: String?)] {
        let file = project.appendingPathComponent("target/run_results.json")
        guard let data = try? Data(contentsOf: file) else { return [:] }
        let results = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["results"] as? [[String: Any]]
        var byID: [String: (status: String, message: String?)] = [:]
        for result in results ?? [] {
            guard let id = result["unique_id"] as? String, let status = result["status"] as? String else { continue }
            byID[id] = (status, result["message"] as? String)
        }
        return byID
    }

    /// The first compile error naming the node's file (models, seeds, singular tests) or its name (generic tests).
    static func compileError(for id: String, in output: String) -> String {
        let parts = id.split(separator: ".")
        guard parts.count >= 3 else { return "" }
        let name = String(parts[2])
        let lines = output.split(separator: "\n")
        let line =
            lines.first { $0.contains("error") && ($0.contains("/\(name).sql") || $0.contains("/\(name).csv")) }
            ?? lines.first { $0.contains("error") && $0.contains(name) }
        return line.map(String.init) ?? "(no error names it)"
    }

    static func printTable(_ mismatches: [Mismatch], unexpected: [String], of total: Int, build: CommandRunner.Output) {
        var lines = [
            "dbt-utils integration project: \(total - mismatches.count) of \(total) nodes end as in dbt "
                + "(wh build exit \(build.exitCode)); \(mismatches.count) mismatches"
        ]
        if mismatches.allSatisfy({ $0.actual == "not run" }) {
            lines.append("wh build ran nothing; it said:")
            lines += build.standardError.split(separator: "\n").filter { $0.contains("error:") }.prefix(20).map {
                "  " + $0
            }
        }
        lines.append("by cause:")
        let causes = Dictionary(grouping: mismatches) { Self.cause(of: $0.error) }
        for (cause, group) in causes.sorted(by: { $0.value.count > $1.value.count }) {
            lines.append("  \(group.count) x \(cause)")
        }
        lines += ["| node | dbt | wh | error |", "| --- | --- | --- | --- |"]
        for mismatch in mismatches {
            let error = mismatch.error.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(
                of: "|", with: "/")
            lines.append("| \(mismatch.id) | \(mismatch.expected) | \(mismatch.actual) | \(error.prefix(200)) |")
        }
        if !unexpected.isEmpty { lines.append("nodes dbt does not have: \(unexpected.joined(separator: ", "))") }
        print(lines.joined(separator: "\n"))
    }
}
