import Foundation
import PostgresClient
import Testing
import WarehouseEngine
import WarehouseTesting

/// The process environment without anything that would point `wh` at another server.
private let embeddedEnvironment = ProcessInfo.processInfo.environment.filter {
    !$0.key.hasPrefix("PG") && $0.key != "WH_DATABASE_URL"
}

/// The id of a process that has exited (and been reaped), so nothing answers to it.
private func deadPID() throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    try process.run()
    process.waitUntilExit()
    return process.processIdentifier
}

@Suite("wh db", .serialized)
struct DatabaseCommandTests {
    @Test("start, status, url and stop drive the embedded Postgres; a stale pid file does not stop a new start")
    func embeddedLifecycle() async throws {
        let root = try CommandRunner.project([:])
        defer {
            _ = try? EmbeddedPostgres(projectRoot: root, logger: TestDatabase.logger).stop()
            try? FileManager.default.removeItem(at: root)
        }
        let project = ["--project-dir", root.path]
        let data = root.appendingPathComponent(".wh/postgres/data").path
        let stoppedStatus = "embedded Postgres: stopped\ndata folder: \(data)"

        let before = await CommandRunner.run(["db", "status"] + project, environment: embeddedEnvironment)
        #expect(before.exitCode == 0)
        #expect(before.standardOutput == stoppedStatus)

        let started = await CommandRunner.run(["db", "start"] + project, environment: embeddedEnvironment)
        #expect(started.exitCode == 0, "\(started.standardError)")
        let firstLine = try #require(started.standardOutput.split(separator: "\n").first.map(String.init))
        #expect(firstLine.hasPrefix("Started Postgres at postgresql://postgres@127.0.0.1:"))
        #expect(started.standardOutput.hasSuffix("\ndata folder: \(data)"))

        let url = await CommandRunner.run(["db", "url"] + project, environment: embeddedEnvironment)
        #expect(url.exitCode == 0)
        #expect(firstLine.hasPrefix("Started Postgres at \(url.standardOutput) (pid "))
        let connection = try Connection.connect(
            ConnectionConfiguration(connectionString: url.standardOutput), logger: TestDatabase.logger)
        #expect(try connection.query("select current_database()").string(row: 0, column: 0) == "wh")
        let pidText = try String(contentsOfFile: data + "/postmaster.pid", encoding: .utf8)
        let pid = try #require(pidText.split(separator: "\n").first.flatMap { Int32($0) })

        let again = await CommandRunner.run(["db", "start"] + project, environment: embeddedEnvironment)
        #expect(again.standardOutput.hasPrefix("Postgres was already running at \(url.standardOutput) (pid \(pid))"))

        let running = await CommandRunner.run(["db", "status"] + project, environment: embeddedEnvironment)
        #expect(running.exitCode == 0)
        #expect(
            running.standardOutput
                == "embedded Postgres: running\nurl: \(url.standardOutput)\npid: \(pid)\ndata folder: \(data)")

        let stopped = await CommandRunner.run(["db", "stop"] + project, environment: embeddedEnvironment)
        #expect(stopped.standardOutput == "Stopped Postgres")
        let after = await CommandRunner.run(["db", "status"] + project, environment: embeddedEnvironment)
        #expect(after.standardOutput == stoppedStatus)
        let stopAgain = await CommandRunner.run(["db", "stop"] + project, environment: embeddedEnvironment)
        #expect(stopAgain.standardOutput == "Postgres was not running")

        // A crash leaves the pid file and the state file naming a process that is gone.
        let dead = try deadPID()
        let pidFile = "\(dead)\n\(data)\n1700000000\n5999\n/tmp\n127.0.0.1\n0 0\nready\n"
        try Data(pidFile.utf8).write(to: URL(fileURLWithPath: data).appendingPathComponent("postmaster.pid"))
        let state = root.appendingPathComponent(".wh/postgres/instance.json")
        let recorded = try String(contentsOf: state, encoding: .utf8)
        try Data(recorded.replacingOccurrences(of: "\"pid\" : \(pid)", with: "\"pid\" : \(dead)").utf8).write(to: state)
        #expect(try String(contentsOf: state, encoding: .utf8).contains("\"pid\" : \(dead)"))
        let stale = await CommandRunner.run(["db", "status"] + project, environment: embeddedEnvironment)
        #expect(stale.standardOutput == stoppedStatus)

        let restarted = await CommandRunner.run(["db", "start"] + project, environment: embeddedEnvironment)
        #expect(restarted.exitCode == 0, "\(restarted.standardError)")
        #expect(restarted.standardOutput.hasPrefix("Started Postgres at postgresql://postgres@127.0.0.1:"))
        #expect(restarted.standardError.contains("note: removing a stale postmaster.pid"))
        let final = await CommandRunner.run(["db", "stop"] + project, environment: embeddedEnvironment)
        #expect(final.standardOutput == "Stopped Postgres")
    }

    @Test("status of an unreachable external server says so, names address and source, and exits 1")
    func unreachableExternalServer() async throws {
        let root = try CommandRunner.project([:])
        let environment = ["WH_DATABASE_URL": "postgresql://bob:s3cret@127.0.0.1:1/shop"]
        let result = await CommandRunner.run(["db", "status", "--project-dir", root.path], environment: environment)
        #expect(result.exitCode == 1)
        #expect(
            result.standardOutput
                == "Postgres at 127.0.0.1:1 (from WH_DATABASE_URL)\nurl: postgresql://bob@127.0.0.1:1/shop\n"
                + "status: unreachable")
        #expect(
            result.standardError == """
                error: could not connect to Postgres at 127.0.0.1:1 (from WH_DATABASE_URL): connection refused
                  help: start it, fix WH_DATABASE_URL, or unset it to use the embedded Postgres (wh db start)
                """)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(".wh").path))
    }

    @Test("status and url of a reachable external server; the URL holds no password")
    func reachableExternalServer() async throws {
        let database = try await TestDatabase.create()
        let root = try CommandRunner.project([:])
        let environment = ["WH_DATABASE_URL": database.url]
        let status = await CommandRunner.run(["db", "status", "--project-dir", root.path], environment: environment)
        #expect(status.exitCode == 0)
        #expect(status.standardOutput.hasSuffix("\nstatus: reachable"))
        let url = await CommandRunner.run(["db", "url", "--project-dir", root.path], environment: environment)
        #expect(url.standardOutput == database.url)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent(".wh").path))
    }

    @Test("an unset variable in connection: is reported at its place in project.yml")
    func unsetVariableInProjectFile() async throws {
        let root = try CommandRunner.project([
            "project.yml": "name: shop\nconnection:\n  url: \"{{ env_var('WH_TEST_UNSET_URL') }}\"\n"
        ])
        let result = await CommandRunner.run(["db", "url", "--project-dir", root.path], environment: [:])
        #expect(result.exitCode == 1)
        #expect(
            result.standardError.hasPrefix(
                "project.yml:3:8: error: in `connection.url`: environment variable 'WH_TEST_UNSET_URL' is not set"))
    }

    @Test("with another database configured, db stop says so and what it did to the embedded one")
    func stopWithConfiguredDatabase() async throws {
        let root = try CommandRunner.project([:])
        let environment = ["WH_DATABASE_URL": "postgresql://bob@127.0.0.1:1/shop"]
        let result = await CommandRunner.run(["db", "stop", "--project-dir", root.path], environment: environment)
        #expect(result.exitCode == 0)
        #expect(
            result.standardError
                == "note: wh uses the Postgres from WH_DATABASE_URL (127.0.0.1:1) while it is configured; "
                + "stopping the embedded one anyway, the configured one is not touched")
        #expect(result.standardOutput == "The embedded Postgres was not running")
    }

    @Test("psql against an unreachable database exits 1 with wh's message, before psql runs")
    func psqlUnreachable() async throws {
        let root = try CommandRunner.project([:])
        let bin = FileManager.default.temporaryDirectory.appendingPathComponent("wh-bin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        // A psql that would exit 2, as the real one does when it cannot connect.
        let psql = bin.appendingPathComponent("psql")
        try Data("#!/bin/sh\nexit 2\n".utf8).write(to: psql)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: psql.path)
        let result = await CommandRunner.run(
            ["db", "psql", "--project-dir", root.path],
            environment: ["PATH": bin.path, "WH_DATABASE_URL": "postgresql://bob@127.0.0.1:1/shop"])
        #expect(result.exitCode == 1)
        #expect(
            result.standardError.hasPrefix(
                "error: could not connect to Postgres at 127.0.0.1:1 (from WH_DATABASE_URL): connection refused"))
    }

    @Test("psql missing from PATH is a clear error")
    func psqlMissing() async throws {
        let root = try CommandRunner.project([:])
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("wh-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let result = await CommandRunner.run(
            ["db", "psql", "--project-dir", root.path], environment: ["PATH": empty.path])
        #expect(result.exitCode == 1)
        #expect(result.standardError.hasPrefix("error: psql not found on PATH\n  help: install the Postgres client"))
    }

    @Test("wh db psql replaces wh with psql on the database wh uses")
    func psqlRuns() async throws {
        let database = try await TestDatabase.create()
        let root = try CommandRunner.project([:])
        let executable = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/wh")
        try #require(
            FileManager.default.isExecutableFile(atPath: executable.path),
            "build the wh executable first (swift build --build-tests)")
        let process = Process()
        process.executableURL = executable
        process.arguments = ["db", "psql", "--project-dir", root.path, "--", "-tAc", "select current_database()"]
        process.environment = embeddedEnvironment.merging(["WH_DATABASE_URL": database.url]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(printed == "\(database.database ?? "?")\n")
    }
}
