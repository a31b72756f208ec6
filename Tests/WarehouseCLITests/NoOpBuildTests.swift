import Foundation
import Logging
import PostgresClient
import Testing
import WarehouseTesting

/// A `wh build` with nothing to do does as little as it can, against a real Postgres: one connection, one compile.
@Suite("a build with nothing to do", .serialized)
struct NoOpBuildTests {
    static let files = [
        "seeds/events.csv": "id\n1\n2\n",
        "models/staged.sql": "{{ config(materialized='table') }} select id from {{ ref('events') }}",
        "models/collected.sql": """
        {{ config(materialized='incremental') }}
        select id from {{ ref('staged') }}
        {% if is_incremental() %} where id > (select max(id) from {{ this }}) {% endif %}
        """,
    ]

    @Test(
        "an existing incremental model is compiled incrementally only when the run may build it, also through a parent"
    )
    func incrementalCompileOnlyWhenBuilt() async throws {
        let database = try await TestDatabase.create()
        let root = try CommandRunner.project(Self.files)
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["WH_DATABASE_URL": database.url]
        let compiled = root.appendingPathComponent("target/compiled/shop/models/collected.sql")
        func build() async throws -> (upToDate: Set<String>, ran: Set<String>) {
            let output = await CommandRunner.run(["build", "--project-dir", root.path], environment: environment)
            #expect(output.exitCode == 0, "\(output.standardError)")
            return UpToDateBuildTests.outcome(output)
        }
        let all: Set<String> = ["public.events", "public.staged", "public.collected"]

        #expect(try await build().ran == all)
        let idle = try await build()
        #expect(idle.upToDate == all && idle.ran.isEmpty)
        // Nothing read the incremental SQL, so it was not compiled: the file shows the full build, as wh compile does.
        #expect(try !String(contentsOf: compiled, encoding: .utf8).contains("max(id)"))

        // A new seed row reaches the model through the table between them: it must run its incremental SQL, which
        // appends row 3 alone; its full-build SQL would append 1 and 2 a second time.
        try Data("id\n1\n2\n3\n".utf8).write(to: root.appendingPathComponent("seeds/events.csv"))
        #expect(try await build().ran == all)
        #expect(try String(contentsOf: compiled, encoding: .utf8).contains("where id > (select max(id) from"))
        #expect(
            try await TestDatabase.rows("select id::text from public.collected order by id", in: database)
                == [["1"], ["2"], ["3"]])
    }

    @Test("a build finding everything up to date opens one connection to the server, and no worker connection")
    func oneConnection() async throws {
        let (second, before, after, _) = try await Self.secondBuild()
        #expect(UpToDateBuildTests.outcome(second).ran.isEmpty)
        #expect(after == before + 1, "sessions \(before) before the build, \(after) after")
    }

    @Test("a build on one thread builds its nodes on the session's connection: one connection to the server")
    func workerOnTheSessionConnection() async throws {
        let (second, before, after, database) = try await Self.secondBuild(adding: ["--threads", "1"]) { root in
            try Data("id\n1\n2\n3\n".utf8).write(to: root.appendingPathComponent("seeds/events.csv"))
        }
        #expect(UpToDateBuildTests.outcome(second).ran == ["public.events", "public.staged", "public.collected"])
        #expect(after == before + 1, "sessions \(before) before the build, \(after) after")
        // Read after counting: TestDatabase.rows opens a connection of its own.
        #expect(
            try await TestDatabase.rows("select id::text from public.collected order by id", in: database)
                == [["1"], ["2"], ["3"]])
    }

    /// Builds ``files`` into a new database, lets `change` edit the project, builds again with `arguments` added;
    /// returns the second build's output and the sessions the server counted before and after it.
    static func secondBuild(adding arguments: [String] = [], after change: (URL) throws -> Void = { _ in })
        async throws -> (output: CommandRunner.Output, before: Int, after: Int, database: ConnectionConfiguration)
    {
        let database = try await TestDatabase.create()
        let root = try CommandRunner.project(files)
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["WH_DATABASE_URL": database.url]
        let reader = ConnectionPool(configuration: database, size: 1, logger: TestDatabase.logger)
        let first = await CommandRunner.run(["build", "--project-dir", root.path], environment: environment)
        #expect(first.exitCode == 0, "\(first.standardError)")
        let before = try await settledSessionCount(reader)
        try change(root)
        let second = await CommandRunner.run(
            ["build", "--project-dir", root.path] + arguments, environment: environment)
        #expect(second.exitCode == 0, "\(second.standardError)")
        return (second, before, try await settledSessionCount(reader, atLeast: before + 1), database)
    }

    /// The client sessions the server has counted in this database (`pg_stat_database.sessions`), once they stop
    /// changing and reach `atLeast`: a backend reports its session when it goes idle or exits, shortly after the client
    /// is gone.
    static func settledSessionCount(_ reader: ConnectionPool, atLeast minimum: Int = 0) async throws -> Int {
        var last = -1
        for _ in 0..<50 {
            let count = try await reader.withConnection { connection in
                try connection.query(
                    "select sessions::int from pg_catalog.pg_stat_database where datname = current_database()"
                ).first?.int(0) ?? 0
            }
            if count == last && count >= minimum { return count }
            last = count
            try await Task.sleep(for: .milliseconds(1500))
        }
        return last
    }
}
