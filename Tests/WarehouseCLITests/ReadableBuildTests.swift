import Foundation
import PostgresClient
import Synchronization
import Testing
import WarehouseEngine
import WarehouseTesting

#if canImport(Glibc)
    import Glibc
#endif

/// Gold stays readable while it builds: readers query every relation of the example warehouse while runs,
/// full refreshes, partial runs and runs killed with SIGKILL or SIGINT follow each other.
@Suite(.serialized) struct ReadableBuildTests {
    /// A relation's contents, as a reader sees them.
    struct Fingerprint: Hashable, Sendable, CustomStringConvertible {
        var count: Int
        var digest: String
        var description: String { "\(count) rows, md5 \(digest.prefix(8))" }
    }

    /// Tells the reader threads to stop.
    final class StopFlag: Sendable {
        let value = Atomic<Bool>(false)
    }

    /// What the readers saw.
    struct Observations: Sendable {
        var reads = 0
        var errors: [String] = []
        var unexpected: [String] = []
    }

    /// The two builds the cycles alternate between: they differ in dim_time's calendar only, so every relation is
    /// one build's or the other's whatever mix of the two a killed run leaves.
    private static let versions = [#"{date_spine_end: "2025-12-31"}"#, #"{date_spine_end: "2026-06-30"}"#]

    private static func fingerprint(_ relation: String, on connection: Connection) throws -> Fingerprint {
        let row = try connection.query(
            "select count(*), md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from \(relation) t"
        ).first
        return Fingerprint(count: try row?.int(0) ?? -1, digest: row?.string(1) ?? "")
    }

    /// Waits (up to 30 s) until `process` has written `text` to `log`, or has exited.
    private static func waitForOutput(_ text: String, in log: URL, of process: Process) async throws {
        for _ in 0..<3000 where process.isRunning {
            if let output = try? String(contentsOf: log, encoding: .utf8), output.contains(text) { return }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Waits (up to 10 s) until another session runs a statement containing `text`.
    private static func waitForStatement(containing text: String, on database: ConnectionConfiguration) async throws {
        for _ in 0..<1000 {
            let running = try await TestDatabase.rows(
                // Running statements only: a poll's own backend can outlive its connection briefly, its last query
                // (this one) naming the text.
                "select count(*) from pg_stat_activity where query like '%\(text)%' and state = 'active'"
                    + " and pid <> pg_backend_pid()",
                in: database)
            if running.first?.first == "1" { return }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    private static func relations(on database: ConnectionConfiguration) async throws -> [String] {
        try await TestDatabase.rows(
            """
            select quote_ident(n.nspname) || '.' || quote_ident(c.relname) from pg_class c
            join pg_namespace n on n.oid = c.relnamespace
            where n.nspname in ('bronze', 'silver', 'gold') and c.relkind in ('r', 'v') order by 1
            """, in: database
        ).compactMap { $0.first ?? nil }
    }

    @Test func everyRelationStaysReadableThroughRunsPartialRunsAndKilledRuns() async throws {
        let database = try await TestDatabase.create()
        let project = try CommandRunner.exampleProject()
        let environment = ["WH_DATABASE_URL": database.url]
        let build = await CommandRunner.run(["build", "--project-dir", project.path], environment: environment)
        #expect(build.exitCode == 0, "\(build.standardError)")
        let relations = try await Self.relations(on: database)
        #expect(relations.count == 22, "\(relations)")

        // Each relation's contents under each version, from complete runs before any reader starts.
        var expected: [String: Set<Fingerprint>] = [:]
        for version in Self.versions {
            let run = await CommandRunner.run(
                ["run", "--project-dir", project.path, "--vars", version], environment: environment)
            #expect(run.exitCode == 0, "\(run.standardError)")
            let seen = try await BlockingWork.run {
                let connection = try Connection.connect(database, logger: TestDatabase.logger)
                return try relations.map { ($0, try Self.fingerprint($0, on: connection)) }
            }
            for (relation, fingerprint) in seen { expected[relation, default: []].insert(fingerprint) }
        }
        #expect(expected["gold.dim_time"]?.count == 2, "the versions should differ in dim_time")
        let known = expected

        let done = StopFlag()
        let readers = (0..<4).map { number in
            Task {
                try await BlockingWork.run {
                    let connection = try Connection.connect(database, logger: TestDatabase.logger)
                    var seen = Observations()
                    // Bounded in count; the cycles end long before.
                    for read in 0..<1_000_000 where !done.value.load(ordering: .acquiring) {
                        let relation = relations[(read + number * 5) % relations.count]
                        do {
                            let fingerprint = try Self.fingerprint(relation, on: connection)
                            seen.reads += 1
                            if known[relation]?.contains(fingerprint) != true {
                                seen.unexpected.append("\(relation): \(fingerprint)")
                            }
                        } catch {
                            seen.errors.append("\(relation): \(error)")
                        }
                    }
                    return seen
                }
            }
        }

        let logs = project.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let modes: [[String]] = [
            ["run"], ["run", "--full-refresh"], ["run", "--select", "fact_orders"], ["kill"],
            ["run", "--select", "+kpi_sales_monthly"], ["interrupt"], ["run", "--select", "dim_time"], ["kill"],
        ]
        var interruptedCodes: [Int32] = []
        for cycle in 0..<40 {
            let mode = modes[cycle % modes.count]
            let version = Self.versions[Int.random(in: 0...1)]
            let signal: Int32? = mode == ["kill"] ? SIGKILL : mode == ["interrupt"] ? SIGINT : nil
            let arguments =
                // A killed or interrupted run rebuilds everything: skipped as up to date, it would end before the signal.
                (signal == nil ? mode : ["run", "--no-skip"]) + [
                    "--project-dir", project.path, "--vars", version, "--wait-timeout", "60",
                ]
            let log = logs.appendingPathComponent("cycle-\(cycle).log")
            let process = try ChildProcess.start(arguments, environment: environment, log: log)
            if signal == SIGINT {
                // Once nodes run, whatever the machine's load makes of loading and compiling.
                try await Self.waitForOutput("START", in: log, of: process)
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...150)))
                kill(process.processIdentifier, SIGINT)
            } else if let signal {
                try await Task.sleep(for: .milliseconds(Int.random(in: 20...400)))
                kill(process.processIdentifier, signal)
            }
            let code = await ChildProcess.wait(process)
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            switch signal {
            case nil: #expect(code == 0, "cycle \(cycle) \(mode): exit \(code)\n\(output)")
            case SIGINT?:
                // Before the nodes run (loading, compiling) SIGINT ends wh as it ends any program; once they run, wh
                // cancels them and exits 130; a run that finished first exits 0.
                let diedOfSignal = process.terminationReason == .uncaughtSignal && code == SIGINT
                if !diedOfSignal { interruptedCodes.append(code) }
                #expect(code == 130 || code == 0 || diedOfSignal, "cycle \(cycle): SIGINT gave exit \(code)\n\(output)")
                #expect(!output.contains("deadlock"), "cycle \(cycle)\n\(output)")
            default: break
            }
            let present = try await Self.relations(on: database)
            #expect(
                present == relations, "after cycle \(cycle) \(mode): \(Set(relations).subtracting(present)) missing")
            let leftovers = try await TestDatabase.rows(
                "select relname from pg_class where relname like '%\\_\\_wh\\_%' and relkind in ('r', 'v')",
                in: database)
            #expect(leftovers.isEmpty, "after cycle \(cycle): \(leftovers)")
        }
        done.value.store(true, ordering: .releasing)
        var total = Observations()
        for reader in readers {
            let seen = try await reader.value
            total.reads += seen.reads
            total.errors += seen.errors
            total.unexpected += seen.unexpected
        }
        #expect(total.errors == [], "\(total.errors.count) reader errors")
        #expect(total.unexpected == [], "\(total.unexpected.count) reads matched neither build")
        #expect(total.reads > 200, "the readers should have kept reading through the cycles")
        #expect(interruptedCodes.contains(130), "SIGINT should have landed while nodes ran at least once")
    }

    @Test func aSecondBuildNamesTheRunningOneAndExitsOneOrWaitsForIt() async throws {
        let database = try await TestDatabase.create()
        let project = try CommandRunner.project([
            "models/slow.sql": "{{ config(materialized='table') }}select 1 as id from pg_sleep(2)"
        ])
        let environment = ["WH_DATABASE_URL": database.url]
        let log = project.appendingPathComponent("first.log")
        let first = try ChildProcess.start(["run", "--project-dir", project.path], environment: environment, log: log)
        // The first run holds the lock once its slow model runs.
        try await Self.waitForStatement(containing: "pg_sleep(2)", on: database)
        let refused = await CommandRunner.run(["run", "--project-dir", project.path], environment: environment)
        #expect(refused.exitCode == 1)
        #expect(refused.standardError.contains("another build is running on this database"), "\(refused.standardError)")
        #expect(
            refused.standardError.contains("wh run, pid \(first.processIdentifier) on "), "\(refused.standardError)")
        #expect(refused.standardError.contains("--wait-timeout"))
        #expect(!refused.standardOutput.contains("START"))

        let waited = await CommandRunner.run(
            ["run", "--project-dir", project.path, "--wait-timeout", "60"], environment: environment)
        #expect(waited.exitCode == 0, "\(waited.standardError)")
        #expect(waited.standardOutput.contains("waiting up to 60.0s"))
        #expect(await ChildProcess.wait(first) == 0)
        #expect(try await TestDatabase.rows("select id from public.slow", in: database) == [["1"]])
    }

    @Test func sigintCancelsTheRunningStatementRollsBackAndExits130() async throws {
        let database = try await TestDatabase.create()
        let project = try CommandRunner.project([
            "models/base.sql": "{{ config(materialized='table') }}select 1 as id",
            "models/slow.sql": "{{ config(materialized='table') }}select id from {{ ref('base') }}, pg_sleep(30)",
            "models/after.sql": "select id from {{ ref('slow') }}",
        ])
        let environment = ["WH_DATABASE_URL": database.url]
        #expect(
            await CommandRunner.run(
                ["run", "--project-dir", project.path, "--select", "base"], environment: environment
            )
            .exitCode == 0)
        let log = project.appendingPathComponent("run.log")
        let process = try ChildProcess.start(
            ["run", "--project-dir", project.path], environment: environment, log: log)
        try await Self.waitForStatement(containing: "pg_sleep(30)", on: database)
        let clock = ContinuousClock()
        let sent = clock.now
        kill(process.processIdentifier, SIGINT)
        let code = await ChildProcess.wait(process, timeout: .seconds(20))
        let output = try String(contentsOf: log, encoding: .utf8)
        #expect(code == 130, "\(output)")
        #expect(clock.now - sent < .seconds(10), "the cancel should not wait for the 30 s statement")
        #expect(
            output.contains("Interrupted by SIGINT: 1 finished, 1 cancelled and rolled back, 1 not started"),
            "\(output)")
        let still = try await TestDatabase.rows(
            "select count(*) from pg_stat_activity where query like '%pg_sleep(30)%' and state = 'active'"
                + " and pid <> pg_backend_pid()",
            in: database)
        #expect(still == [["0"]], "the server should have stopped the cancelled statement")
        #expect(try await TestDatabase.rows("select to_regclass('public.slow')::text", in: database) == [[nil]])
    }
}
