import Foundation
import PostgresClient
import Testing
import WarehouseTesting

#if canImport(Glibc)
    import Glibc
#endif

/// `wh serve` as a user runs it: a child process that prints its address, answers over HTTP and stops on SIGTERM.
@Suite struct ServeCommandTests {
    @Test func serveAnswersKPIsWarnsBeyondLoopbackAndStopsOnSIGTERM() async throws {
        let database = try await TestDatabase.create()
        let project = try CommandRunner.project([
            "models/numbers.sql":
                "{{ config(materialized='table') }}\nselect n, n * 1.5 as scaled from generate_series(1, 5) as n",
            "models/_kpis.yml": """
            version: 2
            kpis:
              - name: numbers
                model: numbers
                order_by: [n]
                parameters: [{name: above, type: integer, column: n, op: ">"}]
            """,
        ])
        let environment = ["WH_DATABASE_URL": database.url]
        let run = await CommandRunner.run(["run", "--project-dir", project.path], environment: environment)
        #expect(run.exitCode == 0, "\(run.standardError)")

        let log = project.appendingPathComponent("serve.log")
        let server = try ChildProcess.start(
            ["serve", "--project-dir", project.path, "--host", "0.0.0.0", "--port", "0"], environment: environment,
            log: log)
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        let marker = "wh serve: 1 KPI at http://0.0.0.0:"
        var output = ""
        let deadline = ContinuousClock.now + .seconds(60)
        while !output.contains(marker), server.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        }
        let portText = try #require(output.components(separatedBy: marker).last?.prefix { $0.isNumber }, "\(output)")
        #expect(output.contains("warning: serving on 0.0.0.0, beyond loopback"))

        let answer = try curl("http://127.0.0.1:\(portText)/api/kpis/numbers?above=3")
        #expect(answer.contains(#""rows":[[4,6.0],[5,7.5]]"#), "\(answer)")
        #expect(try curl("http://127.0.0.1:\(portText)/healthz") == "ok\n")

        kill(server.processIdentifier, SIGTERM)
        #expect(await ChildProcess.wait(server, timeout: .seconds(20)) == 0)
        let final = try String(contentsOf: log, encoding: .utf8)
        #expect(final.contains("wh serve: stopped"))
        #expect(!final.contains("error"), "\(final)")
    }

    private func curl(_ url: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "--max-time", "20", url]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
