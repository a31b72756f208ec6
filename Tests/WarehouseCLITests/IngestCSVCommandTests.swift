import Foundation
import PostgresClient
import Testing
import WarehouseTesting

/// `wh ingest csv` as users run it: configured sources, files named on the command line, and its memory use.
@Suite struct IngestCSVCommandTests {
    private func rows(_ database: ConnectionConfiguration, _ sql: String) throws -> [[String?]] {
        let result = try Connection.connect(database, logger: TestDatabase.logger).query(sql)
        return result.map { row in (0..<result.columns.count).map { row.string($0) } }
    }

    private static let project = """
        name: shop
        ingest:
          csv:
            - name: retail_history
              path: data/retail/*.csv
              table: bronze.online_retail
              delimiter: ";"
              header: {InvoiceNo: invoice_no, Qty: quantity}
              column_types: {quantity: integer, price: "numeric(10,2)"}

        """

    @Test("configured sources load each matching file once, with renamed and typed columns")
    func configuredSources() async throws {
        let database = try await TestDatabase.create()
        // Quantities and prices whose sums the test knows: 1..40 and 0.25 * 1..40.
        func file(_ range: ClosedRange<Int>) -> String {
            "InvoiceNo;Qty;price;note\n"
                + range.map { "\($0);\($0);\(Double($0) / 4);\"n\($0)\"\n" }.joined()
        }
        let root = try CommandRunner.project([
            "project.yml": Self.project, "data/retail/a.csv": file(1...25), "data/retail/b.csv": file(26...40),
            "data/retail/notes.txt": "not matched\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["WH_DATABASE_URL": database.url]

        let first = await CommandRunner.run(["ingest", "csv", "--project-dir", root.path], environment: environment)
        #expect(first.exitCode == 0, "\(first.standardError)")
        let lines = first.standardOutput.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("Loaded 25 rows from data/retail/a.csv into bronze.online_retail in ") == true)
        #expect(lines.last?.hasPrefix("Loaded 15 rows from data/retail/b.csv into bronze.online_retail in ") == true)
        #expect(
            try rows(
                database,
                """
                select count(*)::text, sum(quantity)::text, sum(price)::text, pg_typeof(min(quantity))::text,
                min(invoice_no), max(_wh_line)::text from bronze.online_retail
                """) == [["40", "\((1...40).reduce(0, +))", "205.00", "integer", "1", "26"]])

        let again = await CommandRunner.run(
            ["ingest", "csv", "--source", "retail_history", "--project-dir", root.path], environment: environment)
        #expect(again.exitCode == 0, "\(again.standardError)")
        #expect(again.standardOutput.split(separator: "\n").allSatisfy { $0.hasPrefix("Skipped data/retail/") })
        #expect(try rows(database, "select count(*)::text from wh_meta.ingest_files") == [["2"]])

        let typo = await CommandRunner.run(
            ["ingest", "csv", "--source", "retail_histroy", "--project-dir", root.path], environment: environment)
        #expect(typo.exitCode == 1)
        #expect(
            typo.standardError == """
                error: no CSV source named 'retail_histroy' under `ingest.csv` in project.yml
                  help: did you mean 'retail_history'?
                """)
    }

    @Test("named files: a bad one fails alone with its location, the others load; bad arguments are refused")
    func namedFiles() async throws {
        let database = try await TestDatabase.create()
        let root = try CommandRunner.project(["good.csv": "id,v\n1,a\n", "latin1.csv": "id,v\n1,a\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        try Data(Array("id,v\n".utf8) + [0xE9, 0x0A]).write(to: root.appendingPathComponent("latin1.csv"))
        let environment = ["WH_DATABASE_URL": database.url]
        let files = ["good.csv", "missing.csv", "latin1.csv"].map { root.appendingPathComponent($0).path }

        let run = await CommandRunner.run(
            ["ingest", "csv"] + files + ["--into", "bronze.t", "--project-dir", root.path], environment: environment)
        #expect(run.exitCode == 1)
        #expect(run.standardOutput.hasPrefix("Loaded 1 rows from \(files[0]) into bronze.t in "))
        #expect(run.standardError.contains("\(files[1]):1:1: error: no such file"))
        #expect(run.standardError.contains("\(files[2]):2:1: error: the file is not UTF-8"))
        #expect(try rows(database, "select count(*)::text from bronze.t") == [["1"]])

        let unqualified = await CommandRunner.run(["ingest", "csv", files[0], "--into", "t"], environment: environment)
        #expect(unqualified.exitCode == 1)
        #expect(unqualified.standardError.contains("--into 't' is not a schema-qualified table name"))
        let noTable = await CommandRunner.run(["ingest", "csv", files[0]], environment: environment)
        #expect(noTable.exitCode == 1)
        #expect(noTable.standardError.contains("--into bronze.my_table"))
    }

    @Test("a file far larger than the read and COPY buffers loads in constant memory")
    func constantMemory() async throws {
        let database = try await TestDatabase.create()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wh-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // About 115 MB: over a hundred times the 1 MiB read chunk and COPY buffer, and twice what `wh` itself takes.
        let big = folder.appendingPathComponent("big.csv")
        _ = FileManager.default.createFile(atPath: big.path, contents: nil)
        let handle = try FileHandle(forWritingTo: big)
        let padding = String(repeating: "x", count: 180)
        let rowCount = 600_000
        var quantitySum = 0
        try handle.write(contentsOf: Data("id,qty,pad\n".utf8))
        for start in stride(from: 0, to: rowCount, by: 10_000) {
            var chunk = ""
            for id in start..<min(start + 10_000, rowCount) {
                chunk += "\(id),\(id % 97),\"\(padding)\"\n"
                quantitySum += id % 97
            }
            try handle.write(contentsOf: Data(chunk.utf8))
        }
        try handle.close()
        let size = try #require(try FileManager.default.attributesOfItem(atPath: big.path)[.size] as? Int)
        try Data("name: big\n".utf8).write(to: folder.appendingPathComponent("project.yml"))

        let process = try ChildProcess.start(
            ["ingest", "csv", big.path, "--into", "bronze.big", "--project-dir", folder.path],
            environment: ["WH_DATABASE_URL": database.url], log: folder.appendingPathComponent("big.log"))
        let peak = await Self.highWaterMark(of: process).value
        let status = await ChildProcess.wait(process, timeout: .seconds(300))
        #expect(status == 0)
        #expect(size > 110_000_000)
        // The peak resident set stays near what `wh` takes for any file (about 40 MiB), far below the file's size.
        #expect(peak > 0, "the load's memory was never read")
        #expect(peak < 64 * 1024, "peak \(peak) KiB for a file of \(size / 1024) KiB")
        #expect(
            try rows(database, "select count(*)::text, sum(qty::int)::text from bronze.big")
                == [[String(rowCount), String(quantitySum)]])
    }

    /// The child's peak resident set (VmHWM, KiB: the kernel's high-water mark of its own memory), read from /proc
    /// every 2 ms on a thread of its own until it exits.
    private static func highWaterMark(of process: Process) -> Task<Int, Never> {
        let pid = process.processIdentifier
        return Task<Int, Never> {
            await withCheckedContinuation { continuation in
                Thread {
                    var peak = 0
                    // Bounded by the child's life, which ChildProcess.wait bounds to 300 s.
                    while process.isRunning {
                        if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                            let kib = Int(line.split(separator: " ").dropFirst().first ?? "")
                        {
                            peak = max(peak, kib)
                        }
                        usleep(2_000)
                    }
                    continuation.resume(returning: peak)
                }.start()
            }
        }
    }
}
