import Foundation
import Logging
import PostgresClient
import SQLTemplate
import Testing
import WarehouseCore
import WarehouseIngest
import WarehouseTesting

/// `CSVIngest` against a real Postgres: what lands in the table, the rejects table and the ledger.
@Suite struct CSVIngestTests {
    private static let orders = IngestTable(schema: "bronze", name: "orders")

    /// A fresh folder holding `files`.
    private func folder(_ files: [String: [UInt8]]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wh-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (name, bytes) in files {
            try Data(bytes).write(to: root.appendingPathComponent(name))
        }
        return root
    }

    private static func load(
        _ connection: Connection, _ folder: URL, _ name: String, options: CSVIngestOptions
    ) throws(CSVIngestError) -> CSVFileLoad {
        try CSVIngest(connection: connection, logger: TestDatabase.logger).load(
            path: folder.appendingPathComponent(name).path, displayPath: name, options: options)
    }

    private static func strings(_ connection: Connection, _ sql: String) throws -> [[String?]] {
        let result = try connection.query(sql)
        return result.map { row in (0..<result.columns.count).map { row.string($0) } }
    }

    private static func ingestError(_ body: () throws(CSVIngestError) -> CSVFileLoad) -> CSVIngestError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    @Test func loadsTheRowsAsWrittenWithFileIDAndLineNumbers() async throws {
        let csv = "order_id,quantity,note\n1,3,plain\n2,-4,\"two\nlines\"\n3,10,\"say \"\"hi\"\"\"\n4,,\n"
        let dir = try folder(["a.csv": Array(csv.utf8)])
        let (load, rows, sum) = try await TestDatabase.withConnection {
            connection -> (CSVFileLoad, [[String?]], [[String?]]) in
            let options = CSVIngestOptions(table: Self.orders, columnTypes: ["quantity": "integer"])
            let load = try Self.load(connection, dir, "a.csv", options: options)
            let rows = try Self.strings(
                connection,
                "select order_id, quantity::text, note, _wh_file_id::text, _wh_line::text from bronze.orders order by 1"
            )
            let sum = try Self.strings(
                connection, "select sum(quantity)::text, pg_typeof(quantity)::text from bronze.orders group by 2")
            return (load, rows, sum)
        }
        guard case .loaded(let fileID) = load.outcome else {
            Issue.record("not loaded: \(load.outcome)")
            return
        }
        #expect(load.rows == 4)
        #expect(load.rejectedRows == 0)
        #expect(load.bytes == csv.utf8.count)
        #expect(load.sha256 == SHA256.hexDigest(csv))
        let id = String(fileID)
        #expect(
            rows == [
                ["1", "3", "plain", id, "2"], ["2", "-4", "two\nlines", id, "3"], ["3", "10", "say \"hi\"", id, "5"],
                ["4", nil, nil, id, "6"],
            ])
        #expect(sum == [["9", "integer"]])
    }

    @Test func theSameContentIsLoadedOnceUnlessForced() async throws {
        let csv = Array("id,v\n1,a\n2,b\n".utf8)
        let dir = try folder(["a.csv": csv, "renamed.csv": csv, "other.csv": Array("id,v\n1,c\n2,d\n".utf8)])
        let (outcomes, counts) = try await TestDatabase.withConnection { connection -> ([String], [[String?]]) in
            let options = CSVIngestOptions(table: Self.orders)
            var outcomes: [String] = []
            for (name, force) in [("a.csv", false), ("a.csv", false), ("renamed.csv", false), ("other.csv", false)]
                + [("renamed.csv", true)]
            {
                var forced = options
                forced.force = force
                switch try Self.load(connection, dir, name, options: forced).outcome {
                case .loaded: outcomes.append("loaded \(name)")
                case .skipped(let previous): outcomes.append("skipped \(name) as \(previous.path)")
                }
            }
            let counts = try Self.strings(
                connection,
                """
                select (select count(*) from bronze.orders)::text, (select count(*) from wh_meta.ingest_files)::text,
                (select string_agg(path || ':' || rows, ' ' order by id) from wh_meta.ingest_files)
                """)
            return (outcomes, counts)
        }
        #expect(
            outcomes == [
                "loaded a.csv", "skipped a.csv as a.csv", "skipped renamed.csv as a.csv", "loaded other.csv",
                "loaded renamed.csv",
            ])
        #expect(counts == [["6", "3", "a.csv:2 other.csv:2 renamed.csv:2"]])
    }

    @Test func badRowsGoToTheRejectsTableWithTheirLinesAndTheRestLoads() async throws {
        let lines = [
            "id,qty,note",  // 1
            "1,5,\"spans", "two lines\"",  // 2-3: good
            "2,x,ok",  // 4: not an integer
            "3,7",  // 5: too few fields
            "4,8,\"bad\"x",  // 6: text after the closing quote
            "5,9,\"also", "spans\",extra",  // 7-8: too many fields, spanning lines
            "6,99999999999,big",  // 9: out of range
            "7,1,fine",  // 10: good
        ]
        let dir = try folder(["bad.csv": Array((lines.joined(separator: "\n") + "\n").utf8)])
        let (load, good, rejects) = try await TestDatabase.withConnection {
            connection -> (CSVFileLoad, [[String?]], [[String?]]) in
            let options = CSVIngestOptions(table: Self.orders, columnTypes: ["qty": "integer"])
            let load = try Self.load(connection, dir, "bad.csv", options: options)
            let good = try Self.strings(connection, "select id, _wh_line::text from bronze.orders order by id")
            let rejects = try Self.strings(
                connection, "select _wh_line::text, raw_line, error from bronze.orders_rejects order by _wh_line")
            return (load, good, rejects)
        }
        #expect(load.rows == 2)
        #expect(load.rejectedRows == 5)
        #expect(good == [["1", "2"], ["7", "10"]])
        #expect(
            rejects == [
                ["4", "2,x,ok", "'x' in column 'qty' is not a whole number"],
                ["5", "3,7", "row has 2 fields, header has 3"],
                ["6", "4,8,\"bad\"x", "text after the closing quote of a field"],
                ["7", "5,9,\"also\nspans\",extra", "row has 4 fields, header has 3"],
                ["9", "6,99999999999,big", "'99999999999' in column 'qty' is out of range for integer"],
            ])
        #expect(load.firstRejects.map { $0.errorLine } == [4, 5, 6, 8, 9])
    }

    @Test func strictFailsTheWholeFileAndWritesNothing() async throws {
        let csv = "id,qty\n1,2\n2,3\n3,x\n4\n"
        let dir = try folder(["s.csv": Array(csv.utf8)])
        let (error, tables) = try await TestDatabase.withConnection { connection -> (CSVIngestError?, [[String?]]) in
            let options = CSVIngestOptions(table: Self.orders, columnTypes: ["qty": "integer"], strict: true)
            let error = Self.ingestError { () throws(CSVIngestError) in
                try Self.load(connection, dir, "s.csv", options: options)
            }
            let tables = try Self.strings(
                connection,
                "select to_regclass('bronze.orders')::text, to_regclass('wh_meta.ingest_files')::text")
            return (error, tables)
        }
        let failure = try #require(error)
        guard case .badRows(let rows) = failure.kind else {
            Issue.record("unexpected error \(failure)")
            return
        }
        #expect(rows.map { "\($0.errorLine):\($0.column)" } == ["4:3", "5:2"])
        #expect(failure.location == SourceLocation(path: "s.csv", line: 4, column: 3))
        #expect(failure.description.hasPrefix("s.csv:4:3: error: 'x' in column 'qty' is not a whole number"))
        #expect(failure.description.contains("s.csv:5:2: error: row has 1 field, header has 2"))
        #expect(tables == [[nil, nil]])
    }

    @Test func fileProblemsNameTheFileAndWriteNothing() async throws {
        let dir = try folder([
            "empty.csv": [],
            "latin1.csv": Array("id,name\n1,".utf8) + [0xE9] + Array("t\u{E9}\n".utf8),
            "blank-header.csv": Array("\n1\n".utf8),
            "twice.csv": Array("a,b,a\n1,2,3\n".utf8),
        ])
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("folder.csv"), withIntermediateDirectories: true)
        let (errors, tables) = try await TestDatabase.withConnection {
            connection -> ([String: String], [[String?]]) in
            var errors: [String: String] = [:]
            for name in ["missing.csv", "empty.csv", "latin1.csv", "blank-header.csv", "twice.csv", "folder.csv"] {
                let error = Self.ingestError { () throws(CSVIngestError) in
                    try Self.load(connection, dir, name, options: CSVIngestOptions(table: Self.orders))
                }
                errors[name] = error.map { "\($0.location.line):\($0.location.column): \($0.diagnostic.message)" }
            }
            let tables = try Self.strings(connection, "select to_regclass('bronze.orders')::text")
            return (errors, tables)
        }
        #expect(errors["missing.csv"] == "1:1: no such file")
        #expect(errors["empty.csv"] == "1:1: the file is empty")
        #expect(errors["latin1.csv"] == "2:3: the file is not UTF-8")
        #expect(errors["blank-header.csv"] == "1:1: the first line holds no column names")
        #expect(errors["twice.csv"] == "1:5: column 'a' appears twice in the header (columns 1 and 3)")
        #expect(errors["folder.csv"] == "1:1: cannot read the file: it is a folder")
        #expect(tables == [[nil]])
    }

    @Test func anExistingTableWithOtherColumnsIsRefusedWithTheDifference() async throws {
        let dir = try folder(["a.csv": Array("id,qty\n1,2\n".utf8)])
        let error = try await TestDatabase.withConnection { connection -> CSVIngestError? in
            try connection.execute("create schema bronze")
            try connection.execute(
                "create table bronze.orders (id text, amount text, _wh_file_id bigint, _wh_line bigint, _wh_loaded_at timestamptz)"
            )
            return Self.ingestError { () throws(CSVIngestError) in
                try Self.load(connection, dir, "a.csv", options: CSVIngestOptions(table: Self.orders))
            }
        }
        #expect(
            error?.diagnostic.message
                == "bronze.orders exists with other columns than this file: the table has no column 'qty'; the file has no column 'amount'"
        )
    }

    @Test func aDelimiterAndTypeNamesWhCannotCheckAreLocatedWhenTheServerRefusesThem() async throws {
        let dir = try folder([
            "semi.csv": Array("id;price\n1;2.50\n2;\"3;5\"\n".utf8),
            "uuid.csv": Array("id,key,note\n1,a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,\"a\nb\"\nragged\n2,nope,x\n".utf8),
        ])
        let (rows, error) = try await TestDatabase.withConnection { connection -> ([[String?]], CSVIngestError?) in
            let semicolons = CSVIngestOptions(table: Self.orders, delimiter: UInt8(ascii: ";"))
            _ = try Self.load(connection, dir, "semi.csv", options: semicolons)
            let rows = try Self.strings(connection, "select id, price from bronze.orders order by id")
            let uuids = CSVIngestOptions(
                table: IngestTable(schema: "bronze", name: "keys"), columnTypes: ["key": "uuid"])
            let error = Self.ingestError { () throws(CSVIngestError) in
                try Self.load(connection, dir, "uuid.csv", options: uuids)
            }
            return (rows, error)
        }
        #expect(rows == [["1", "2.50"], ["2", "3;5"]])
        // The server names its second row (rows, not lines, are counted): the file's line 5, line 4 being rejected.
        let failure = try #require(error)
        guard case .postgres = failure.kind else {
            Issue.record("unexpected error \(failure)")
            return
        }
        #expect(failure.location == SourceLocation(path: "uuid.csv", line: 5, column: 3))
        #expect(failure.diagnostic.message.contains("invalid input syntax for type uuid: \"nope\""))
    }
}
