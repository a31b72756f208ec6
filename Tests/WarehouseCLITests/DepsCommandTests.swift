import Foundation
import Synchronization
import Testing

/// `wh deps` installs local, git (a `file://` repository made here) and hub packages (an index served on
/// loopback), writes `package-lock.yml`, and refuses bad entries at their line.
@Suite struct DepsCommandTests {
    /// A dbt project named `util` whose macro says `greeting`.
    static func packageFiles(greeting: String) -> [String: String] {
        [
            "dbt_project.yml": "name: util\nversion: '1.0'\n",
            "macros/hello.sql": "{% macro hello() %}\(greeting){% endmacro %}",
        ]
    }

    static func write(_ files: [String: String], into folder: URL) throws {
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    static func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wh-deps-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A project in `folder/shop` whose model calls `util.hello()`.
    static func project(in folder: URL, packages: String) throws -> URL {
        let root = folder.appendingPathComponent("shop")
        try write(
            [
                "dbt_project.yml": "name: shop\n", "packages.yml": packages,
                "models/greeting.sql": "select '{{ util.hello() }}' as greeting",
            ], into: root)
        return root
    }

    static func compiledGreeting(_ root: URL) async throws -> String {
        let compile = await CommandRunner.run(["compile", "--project-dir", root.path])
        #expect(compile.exitCode == 0, "\(compile.standardError)")
        return try String(
            contentsOf: root.appendingPathComponent("target/compiled/shop/models/greeting.sql"), encoding: .utf8)
    }

    @discardableResult
    static func run(_ program: String, _ arguments: [String], in folder: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        process.currentDirectoryURL = folder
        // A file, not a pipe: read to its end, a pipe would wait for every process holding its write end, and a
        // server another test starts at that moment can inherit it.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("wh-deps-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let text = String(decoding: try Data(contentsOf: log), as: UTF8.self)
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad, userInfo: ["output": text]) }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func installsALocalPackageAsALinkAndWritesTheLockFile() async throws {
        let folder = try Self.scratch()
        try Self.write(Self.packageFiles(greeting: "hi from local"), into: folder.appendingPathComponent("util"))
        let root = try Self.project(in: folder, packages: "packages:\n  - local: ../util\n")

        let deps = await CommandRunner.run(["deps", "--project-dir", root.path])
        #expect(deps.exitCode == 0, "\(deps.standardError)")
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: root.path + "/dbt_packages/util")
        #expect(
            URL(fileURLWithPath: link).standardizedFileURL == folder.appendingPathComponent("util").standardizedFileURL)
        let lock = try String(contentsOf: root.appendingPathComponent("package-lock.yml"), encoding: .utf8)
        #expect(lock.hasPrefix("packages:\n  - local: ../util\n    name: util\nsha1_hash: "))
        #expect(try await Self.compiledGreeting(root) == "select 'hi from local' as greeting")
    }

    @Test func installsThePackagesAPackageNamesToo() async throws {
        let folder = try Self.scratch()
        try Self.write(
            Self.packageFiles(greeting: "{{ base.word() }} from util").merging([
                "packages.yml": "packages:\n  - local: ../base\n"
            ]) { $1 }, into: folder.appendingPathComponent("util"))
        try Self.write(
            ["dbt_project.yml": "name: base\n", "macros/word.sql": "{% macro word() %}hello{% endmacro %}"],
            into: folder.appendingPathComponent("base"))
        let root = try Self.project(in: folder, packages: "packages:\n  - local: ../util\n")

        let deps = await CommandRunner.run(["deps", "--project-dir", root.path])
        #expect(deps.exitCode == 0, "\(deps.standardError)")
        let lock = try String(contentsOf: root.appendingPathComponent("package-lock.yml"), encoding: .utf8)
        let base = folder.appendingPathComponent("base").standardizedFileURL.path
        #expect(lock.hasPrefix("packages:\n  - local: ../util\n    name: util\n  - local: \(base)\n    name: base\n"))
        #expect(try await Self.compiledGreeting(root) == "select 'hello from util' as greeting")
    }

    @Test func installsAGitPackageAtItsRevisionAndSubdirectoryThenFromTheLock() async throws {
        let folder = try Self.scratch()
        let repository = folder.appendingPathComponent("repo")
        try Self.write(Self.packageFiles(greeting: "v1 greeting").mapKeys { "pkg/" + $0 }, into: repository)
        let git = ["-c", "user.name=wh", "-c", "user.email=wh@example.com"]
        try Self.run("git", ["init", "--quiet"], in: repository)
        try Self.run("git", git + ["add", "."], in: repository)
        try Self.run("git", git + ["commit", "--quiet", "-m", "v1"], in: repository)
        try Self.run("git", git + ["tag", "v1"], in: repository)
        try Self.write(Self.packageFiles(greeting: "v2 greeting").mapKeys { "pkg/" + $0 }, into: repository)
        try Self.run("git", git + ["commit", "--quiet", "-am", "v2"], in: repository)
        let v1 = try Self.run("git", ["rev-parse", "v1^{commit}"], in: repository)
        let url = "file://\(repository.path)"
        let root = try Self.project(
            in: folder, packages: "packages:\n  - git: \"\(url)\"\n    revision: v1\n    subdirectory: pkg\n")

        let deps = await CommandRunner.run(["deps", "--project-dir", root.path])
        #expect(deps.exitCode == 0, "\(deps.standardError)")
        #expect(try await Self.compiledGreeting(root) == "select 'v1 greeting' as greeting")
        let lockURL = root.appendingPathComponent("package-lock.yml")
        let lock = try String(contentsOf: lockURL, encoding: .utf8)
        #expect(lock.contains("  - git: \(url)\n    revision: \(v1)\n    subdirectory: pkg\n    name: util\n"))

        // A lock made from the same packages.yml is installed as pinned: move the tag, the commit stays.
        try Self.run("git", git + ["tag", "-f", "v1"], in: repository)
        let again = await CommandRunner.run(["deps", "--project-dir", root.path])
        #expect(again.exitCode == 0, "\(again.standardError)")
        #expect(try String(contentsOf: lockURL, encoding: .utf8) == lock)
        #expect(try await Self.compiledGreeting(root) == "select 'v1 greeting' as greeting")
    }

    @Test func aBadGitRevisionFailsAtItsEntryAndKeepsTheInstall() async throws {
        let folder = try Self.scratch()
        try Self.write(Self.packageFiles(greeting: "kept"), into: folder.appendingPathComponent("util"))
        let root = try Self.project(in: folder, packages: "packages:\n  - local: ../util\n")
        #expect(await CommandRunner.run(["deps", "--project-dir", root.path]).exitCode == 0)
        let lock = try String(contentsOf: root.appendingPathComponent("package-lock.yml"), encoding: .utf8)
        let repository = folder.appendingPathComponent("repo")
        try Self.write(Self.packageFiles(greeting: "x"), into: repository)
        try Self.run("git", ["init", "--quiet"], in: repository)
        try Self.run("git", ["add", "."], in: repository)
        try Self.run(
            "git", ["-c", "user.name=wh", "-c", "user.email=wh@example.com", "commit", "--quiet", "-m", "x"],
            in: repository)
        try Self.write(
            ["packages.yml": "packages:\n  - local: ../util\n  - git: file://\(repository.path)\n    revision: nope\n"],
            into: root)

        let deps = await CommandRunner.run(["deps", "--project-dir", root.path])
        #expect(deps.exitCode == 1)
        #expect(deps.standardError.contains("packages.yml:3:5: error: git checkout failed for git file://"))
        #expect(deps.standardError.contains("help: name a branch, tag or commit that exists in"))
        #expect(FileManager.default.fileExists(atPath: root.path + "/dbt_packages/util/macros/hello.sql"))
        #expect(try String(contentsOf: root.appendingPathComponent("package-lock.yml"), encoding: .utf8) == lock)
    }

    /// The hub index lists versions as dbt's hub does; tarballs hold one folder, as GitHub's archives do.
    static func hub(in folder: URL) throws -> LoopbackHTTPServer {
        let server = try LoopbackHTTPServer()
        var versions: [String: Any] = [:]
        for (version, required) in [
            ("1.0.0", nil), ("1.2.0", [">=1.3.0", "<2.0.0"]), ("1.3.0-rc1", nil), ("1.5.0", [">=2.0.0"]),
            ("2.0.0", nil),
        ] as [(String, [String]?)] {
            let source = folder.appendingPathComponent("tarball-\(version)")
            try write(packageFiles(greeting: "hub \(version)"), into: source.appendingPathComponent("org-util-abc123"))
            try run("tar", ["-czf", "../util-\(version).tgz", "org-util-abc123"], in: source)
            server.serve(
                "/tarballs/util-\(version).tgz",
                try Data(contentsOf: folder.appendingPathComponent("util-\(version).tgz")))
            var entry: [String: Any] = [
                "name": "util", "packages": [],
                "downloads": ["tarball": "\(server.baseURL)tarballs/util-\(version).tgz"],
            ]
            if let required { entry["require_dbt_version"] = required }
            versions[version] = entry
        }
        let index: [String: Any] = ["name": "util", "namespace": "org", "versions": versions]
        server.serve("/api/v1/org/util.json", try JSONSerialization.data(withJSONObject: index))
        return server
    }

    @Test func installsTheNewestCompatibleHubVersionInTheRange() async throws {
        let folder = try Self.scratch()
        let server = try Self.hub(in: folder)
        defer { server.stop() }
        let root = try Self.project(
            in: folder, packages: "packages:\n  - package: org/util\n    version: [\">=1.0.0\", \"<2.0.0\"]\n")
        let deps = await CommandRunner.run(
            ["deps", "--project-dir", root.path], environment: ["DBT_PACKAGE_HUB_URL": server.baseURL])
        #expect(deps.exitCode == 0, "\(deps.standardError)")
        // 1.5.0 requires dbt 2 and 1.3.0-rc1 is a prerelease: 1.2.0 is the newest to install.
        #expect(try await Self.compiledGreeting(root) == "select 'hub 1.2.0' as greeting")
        let lock = try String(contentsOf: root.appendingPathComponent("package-lock.yml"), encoding: .utf8)
        #expect(lock.hasPrefix("packages:\n  - package: org/util\n    version: 1.2.0\n    name: util\n"))
        #expect(server.requests.withLock { $0 } == ["/api/v1/org/util.json", "/tarballs/util-1.2.0.tgz"])
    }

    @Test func hubProblemsNameTheEntryAndWhatIsAvailable() async throws {
        let folder = try Self.scratch()
        let server = try Self.hub(in: folder)
        defer { server.stop() }
        let root = try Self.project(
            in: folder,
            packages:
                "packages:\n  - package: org/util\n    version: \">=3.0.0\"\n  - package: org/nothing\n    version: 1.0.0\n"
        )
        let environment = ["DBT_PACKAGE_HUB_URL": server.baseURL]
        let deps = await CommandRunner.run(["deps", "--project-dir", root.path], environment: environment)
        #expect(deps.exitCode == 1)
        #expect(
            deps.standardError.contains(
                "packages.yml:2:5: error: no version of org/util matches >=3.0.0 and supports dbt 1.11.16"))
        #expect(deps.standardError.contains("help: available: 1.0.0, 1.2.0, 2.0.0"))
        #expect(!FileManager.default.fileExists(atPath: root.path + "/dbt_packages"))

        try Self.write(["packages.yml": "packages:\n  - package: org/nothing\n    version: 1.0.0\n"], into: root)
        let missing = await CommandRunner.run(["deps", "--project-dir", root.path], environment: environment)
        #expect(missing.exitCode == 1)
        #expect(
            missing.standardError.contains(
                "packages.yml:2:5: error: fetching \(server.baseURL)api/v1/org/nothing.json failed"))
        #expect(missing.standardError.contains("404"))
    }

    @Test func aMalformedPackagesFileIsReportedAtItsLine() async throws {
        let folder = try Self.scratch()
        let root = try Self.project(in: folder, packages: "packages:\n  - lokal: ../util\n")
        let deps = await CommandRunner.run(["deps", "--project-dir", root.path])
        #expect(deps.exitCode == 1)
        #expect(deps.standardError.contains("packages.yml:2:5: error: unknown key `lokal` in a package entry"))
        #expect(deps.standardError.contains("help: did you mean 'local'?"))
    }
}

extension Dictionary where Key == String {
    fileprivate func mapKeys(_ transform: (String) -> String) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: map { (transform($0.key), $0.value) })
    }
}
