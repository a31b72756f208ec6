import Foundation
import Glibc
import PostgresClient
import Testing
import WarehouseTesting

@testable import WarehouseEngine

/// A fresh project folder under /tmp, removed (with its cluster stopped) when `body` returns.
private func withProject<T>(
    named name: String = "project", durable: Bool = false, _ body: (URL, EmbeddedPostgres) throws -> T
) throws -> T {
    let root = URL(fileURLWithPath: "/tmp/wh-embedded-test-\(UUID().uuidString.prefix(8))").appendingPathComponent(name)
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    let postgres = EmbeddedPostgres(projectRoot: root, options: .init(durable: durable), logger: TestDatabase.logger)
    defer {
        _ = try? postgres.stop()
        if let layout = try? EmbeddedPostgresLayout(projectRoot: root), layout.clusterDirectory != layout.stateDirectory
        {
            try? FileManager.default.removeItem(at: layout.clusterDirectory)
        }
        try? FileManager.default.removeItem(at: root.deletingLastPathComponent())
    }
    return try body(root, postgres)
}

private func scalar(_ configuration: ConnectionConfiguration, _ sql: String) throws -> String? {
    try Connection.connect(configuration, logger: TestDatabase.logger).query(sql).string(row: 0, column: 0)
}

/// The id of a process that has exited (and been reaped), so nothing answers to it.
private func deadPID() throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    try process.run()
    process.waitUntilExit()
    return process.processIdentifier
}

/// A postmaster.pid text with its first line (the pid) replaced.
private func replacingPID(in text: String, with pid: Int32) -> String {
    ([String(pid)] + text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().map(String.init)).joined(
        separator: "\n")
}

@Suite("Embedded Postgres", .serialized)
struct EmbeddedPostgresTests {
    @Test("start creates the cluster and database, a second start reuses it, stop stops it, status follows")
    func lifecycle() throws {
        try withProject(durable: true) { root, postgres in
            #expect(try postgres.status() == .stopped)
            let first = try postgres.start()
            #expect(first.database == "wh")
            #expect(first.url == "postgresql://postgres@127.0.0.1:\(first.port)/wh")
            #expect(try scalar(first.configuration, "select current_database()") == "wh")
            #expect(try Int(scalar(first.configuration, "show max_connections") ?? "") ?? 0 >= 50)
            #expect(try scalar(first.configuration, "show fsync") == "on")
            #expect(try scalar(first.configuration, "show listen_addresses") == "127.0.0.1")

            let state = root.appendingPathComponent(".wh/postgres/instance.json")
            let recorded = try JSONDecoder().decode(EmbeddedPostgresInstance.self, from: Data(contentsOf: state))
            #expect(recorded == first)

            let second = try postgres.start()
            #expect(second == first)
            #expect(try postgres.status() == .running(first))

            // The Unix socket works too.
            let overSocket = ConnectionConfiguration(
                host: first.socketDirectory, port: first.port, user: first.user, database: first.database)
            #expect(try scalar(overSocket, "select 40 + 2") == "42")

            #expect(try postgres.stop() == true)
            #expect(try postgres.status() == .stopped)
            #expect(try postgres.stop() == false)
            #expect(throws: PostgresError.self) {
                try Connection.connect(first.configuration, logger: TestDatabase.logger)
            }

            // Restarting keeps the data and, when it is still free, the port.
            let third = try postgres.start()
            #expect(third.port == first.port)
            #expect(third.pid != first.pid)
            #expect(try scalar(third.configuration, "select current_database()") == "wh")
        }
    }

    @Test("the server inherits no descriptor of the process that started it, such as a pipe another thread reads")
    func serverInheritsNoDescriptor() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { ends.forEach { _ = close($0) } }
        var status = stat()
        try #require(fstat(ends[1], &status) == 0)
        let ourPipe = "pipe:[\(status.st_ino)]"
        try withProject { _, postgres in
            let instance = try postgres.start()
            let held = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(instance.pid)/fd").compactMap {
                try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(instance.pid)/fd/\($0)")
            }
            #expect(!held.isEmpty, "the server's descriptors could not be listed")
            #expect(!held.contains(ourPipe), "\(held)")
        }
    }

    @Test("a postmaster.pid and state file left by a dead server are cleaned up and the server starts")
    func stalePIDFile() throws {
        try withProject { root, postgres in
            let first = try postgres.start()
            let dataDirectory = URL(fileURLWithPath: first.dataDirectory)
            let pidFile = dataDirectory.appendingPathComponent("postmaster.pid")
            let original = try String(contentsOf: pidFile, encoding: .utf8)
            try postgres.stop()
            #expect(!FileManager.default.fileExists(atPath: pidFile.path))

            // A crash leaves the file naming a process that is gone.
            let dead = try deadPID()
            try replacingPID(in: original, with: dead).write(to: pidFile, atomically: true, encoding: .utf8)
            var state = first
            state.pid = dead
            try JSONEncoder().encode(state).write(to: root.appendingPathComponent(".wh/postgres/instance.json"))
            #expect(try postgres.status() == .stopped)

            let restarted = try postgres.start()
            #expect(restarted.pid != dead)
            #expect(try scalar(restarted.configuration, "select 1") == "1")
            try postgres.stop()

            // A pid reused by a live process that is not Postgres (here: this test process) is stale too.
            try replacingPID(in: original, with: getpid()).write(to: pidFile, atomically: true, encoding: .utf8)
            #expect(try postgres.status() == .stopped)
            let again = try postgres.start()
            #expect(try scalar(again.configuration, "select 2") == "2")
        }
    }

    @Test("a project path too long for a Unix socket puts the socket in a short temporary folder")
    func longSocketPath() throws {
        let longName = String(repeating: "deep-folder-name-", count: 6)
        try withProject(named: longName) { root, postgres in
            let layout = try EmbeddedPostgresLayout(projectRoot: root)
            #expect(layout.socketDirectory.path.hasPrefix("/tmp/wh-"))
            #expect(layout.socketDirectory.path.utf8.count <= EmbeddedPostgresLayout.maximumSocketDirectoryLength)
            let instance = try postgres.start()
            #expect(instance.socketDirectory == layout.socketDirectory.path)
            let overSocket = ConnectionConfiguration(
                host: instance.socketDirectory, port: instance.port, user: instance.user, database: instance.database)
            #expect(try scalar(overSocket, "select 'ok'") == "ok")
            try postgres.stop()
            try? FileManager.default.removeItem(at: layout.socketDirectory)
        }
    }

    @Test("as root, a project under a folder the postgres user cannot enter keeps its cluster under /tmp")
    func untraversableParent() throws {
        try withProject { root, postgres in
            let parent = root.deletingLastPathComponent()
            #expect(chmod(parent.path, 0o700) == 0)
            let layout = try EmbeddedPostgresLayout(projectRoot: root)
            if geteuid() == 0 {
                #expect(
                    layout.clusterDirectory.path == "/tmp/wh-postgres-\(EmbeddedPostgresLayout.stableHash(root.path))")
                #expect(layout.relocationNotes.contains { $0.contains(parent.path) })
            } else {
                // An ordinary user runs the server itself and can always enter its own folders.
                #expect(layout.clusterDirectory == layout.stateDirectory)
            }
            let instance = try postgres.start()
            #expect(instance.dataDirectory == layout.dataDirectory.path)
            #expect(try scalar(instance.configuration, "select current_database()") == "wh")
            #expect(
                FileManager.default.fileExists(atPath: root.appendingPathComponent(".wh/postgres/instance.json").path))
        }
    }

    @Test("the fallback folder name is a stable hash of the project path")
    func stableHash() {
        #expect(EmbeddedPostgresLayout.stableHash("") == "cbf29ce484222325")
        #expect(EmbeddedPostgresLayout.stableHash("a") == "af63dc4c8601ec8c")
        #expect(EmbeddedPostgresLayout.stableHash("/work/shop") == EmbeddedPostgresLayout.stableHash("/work/shop"))
        #expect(EmbeddedPostgresLayout.stableHash("/work/shop") != EmbeddedPostgresLayout.stableHash("/work/shop2"))
    }
}
