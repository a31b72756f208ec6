import Foundation
import PostgresClient
import SQLTemplate
import Testing
import WarehouseCore
import WarehouseTesting

@testable import WarehouseEngine

@Suite("Seeds loaded with COPY into a real Postgres")
struct SeedMaterializationTests {
    typealias F = ExecutionFixture

    /// Every column of every row of `sql`, as text.
    static func rows(_ database: ConnectionConfiguration, _ sql: String) async throws -> [[String?]] {
        let result = try await F.query(database, sql)
        return result.map { row in result.columns.indices.map { row.string($0) } }
    }

    @Test("two seeds round-trip: inferred types, NULLs, quotes, line breaks, CRLF, a byte order mark, Unicode")
    func roundTrip() async throws {
        let database = try await TestDatabase.create()
        let seeds = try SeedFolder()
        let typed =
            "id,big,amount,active,day,at,label\r\n"
            + "1,9000000000,12.50,true,2024-02-29,2024-02-29 13:45:00,Zürich ☕ 東京\r\n"
            + "2,,-0.5,FALSE,2023-12-31,2023-12-31T23:59:59.5,\"quoted, with \"\"quotes\"\" and\r\na line break\"\r\n"
            + "3,-7,,,,,\"\"\r\n"
        try seeds.write("typed", bytes: [0xEF, 0xBB, 0xBF] + Array(typed.utf8))
        try seeds.write("codes", "code,note\n007,\"multi\nline\"\nA1,é\n")
        let lines = ExecutionTests.Lines()
        let results = try await F.run(
            [seeds.node("typed"), seeds.node("codes")], on: database, threads: 2, progress: lines.append)
        #expect(results.succeeded)

        #expect(
            try await F.columns(database, "typed") == [
                "id integer", "big bigint", "amount numeric", "active boolean", "day date",
                "at timestamp without time zone", "label text",
            ])
        #expect(
            try await Self.rows(
                database, "select id, big, amount, active, day, at, label from analytics.typed order by id")
                == [
                    ["1", "9000000000", "12.50", "t", "2024-02-29", "2024-02-29 13:45:00", "Zürich ☕ 東京"],
                    [
                        "2", nil, "-0.5", "f", "2023-12-31", "2023-12-31 23:59:59.5",
                        "quoted, with \"quotes\" and\r\na line break",
                    ],
                    ["3", "-7", nil, nil, nil, nil, nil],
                ])
        #expect(try await F.columns(database, "codes") == ["code text", "note text"])
        #expect(
            try await Self.rows(database, "select code, note from analytics.codes order by code") == [
                ["007", "multi\nline"], ["A1", "é"],
            ])

        let typedResult = try #require(results.result(for: NodeID("seed.shop.typed")))
        #expect(typedResult.commandTag == "INSERT 3")
        #expect(typedResult.rowsAffected == 3)
        #expect(results.result(for: NodeID("seed.shop.codes"))?.rowsAffected == 2)
        #expect(lines.all.contains { $0.contains(" START seed file analytics.typed ") && $0.hasSuffix(" [RUN]") })
        #expect(
            lines.all.contains {
                $0.contains(" OK loaded seed file analytics.typed ....") && $0.contains(" [INSERT 3 in ")
            })
        #expect(try await F.scratchRelations(database) == [])
    }

    @Test("a seed whose last line ends in LF and the rest in CRLF loads, as dbt loads it; a bad value is located")
    func mixedLineEndingsLoad() async throws {
        let database = try await TestDatabase.create()
        let seeds = try SeedFolder()
        try seeds.write("mixed", "id,note\r\n1,\"two\r\nlines\"\r\n2,\"say \"\"hi\"\"\"\r\n3,last\n")
        let result = try await seeds.load("mixed", on: database)
        #expect(result.status == .success, "\(result.message)")
        #expect(result.rowsAffected == 3)
        #expect(
            try await Self.rows(database, "select id, note from analytics.mixed order by id") == [
                ["1", "two\r\nlines"], ["2", "say \"hi\""], ["3", "last"],
            ])

        // Postgres refuses the value on line 4 (a record spans lines 2-3): the rewritten data keeps line numbers.
        try seeds.write(
            "mixed_bad", "id,note,key\r\n1,\"a\r\nb\",a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\r\n2,x,not-a-uuid\n")
        let bad = try await seeds.load("mixed_bad", on: database, columnTypes: ["key": "uuid"])
        #expect(bad.status == .error)
        #expect(bad.error?.sourceLocation?.description == "seeds/mixed_bad.csv:4:5")
        try seeds.write(
            "mixed_lf_bad", "id,note,key\n1,\"a\nb\",a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\r\n2,x,not-a-uuid\n")
        let badLF = try await seeds.load("mixed_lf_bad", on: database, columnTypes: ["key": "uuid"])
        #expect(badLF.error?.sourceLocation?.description == "seeds/mixed_lf_bad.csv:4:5")
    }

    @Test("column_types overrides the inferred types and reaches the catalog")
    func columnTypesOverride() async throws {
        let database = try await TestDatabase.create()
        let seeds = try SeedFolder()
        try seeds.write("priced", "id,price,code,day\n1,2.5,AB,2024-01-01\n2,10,XYZ,2024-01-02\n")
        let result = try await seeds.load(
            "priced", on: database,
            columnTypes: ["id": "varchar(10)", "price": "numeric(10,2)", "code": "char(3)", "day": "text"])
        #expect(result.status == .success, "\(result.message)")
        #expect(
            try await F.columns(database, "priced") == [
                "id character varying(10)", "price numeric(10,2)", "code character(3)", "day text",
            ])
        #expect(
            try await Self.rows(database, "select id, price, code from analytics.priced order by id") == [
                ["1", "2.50", "AB "], ["2", "10.00", "XYZ"],
            ])
    }

    @Test("a loaded seed has planner statistics, whether it was swapped in or refilled in place")
    func loadedSeedIsAnalyzed() async throws {
        let database = try await TestDatabase.create()
        let seeds = try SeedFolder()
        try seeds.write("counted", "id\n" + (1...500).map(String.init).joined(separator: "\n") + "\n")
        #expect(try await seeds.load("counted", on: database).status == .success)
        let statistics = "select reltuples::bigint from pg_class where oid = 'analytics.counted'::regclass"
        #expect(try await F.ints(database, statistics) == [500])
        try seeds.write("counted", "id\n" + (1...800).map(String.init).joined(separator: "\n") + "\n")
        #expect(try await seeds.load("counted", on: database).status == .success)
        #expect(try await F.ints(database, statistics) == [800])
    }

    @Test("a re-seed builds a new table and swaps it in, keeping the view on it, also when columns or types change")
    func reseedKeepsDependentView() async throws {
        let database = try await TestDatabase.create()
        let seeds = try SeedFolder()
        try seeds.write("orders", "id,amount\n1,5\n2,20\n")
        // `int` is spelled differently from the catalog's `integer`: still the same column type.
        #expect(try await seeds.load("orders", on: database, columnTypes: ["id": "int"]).status == .success)
        _ = try await F.query(
            database, "create view analytics.big_orders as select id from analytics.orders where amount > 10")
        let secondOID = try await F.oid(database, "orders")

        try seeds.write("orders", "id,amount\n3,50\n4,60\n5,1\n")
        let result = try await seeds.load("orders", on: database, columnTypes: ["id": "int"])
        #expect(result.status == .success, "\(result.message)")
        #expect(result.commandTag == "INSERT 3")
        #expect(result.rowsAffected == 3)
        #expect(result.keptDependents == ["analytics.big_orders"])
        #expect(try await F.oid(database, "orders") != secondOID)
        #expect(try await F.ints(database, "select id from analytics.big_orders order by id") == [3, 4])
        #expect(try await F.ints(database, "select id from analytics.orders order by id") == [3, 4, 5])
        #expect(try await F.scratchRelations(database) == [])

        try seeds.write("orders", "id,amount,note\n7,1.5,x\n")
        let changed = try await seeds.load("orders", on: database)
        #expect(changed.status == .success, "\(changed.message)")
        #expect(try await F.oid(database, "orders") != secondOID)
        #expect(try await F.columns(database, "orders") == ["id integer", "amount numeric", "note text"])
        #expect(try await Self.rows(database, "select id, amount, note from analytics.orders") == [["7", "1.5", "x"]])

        // Same names, another type: also a new table.
        let thirdOID = try await F.oid(database, "orders")
        let retyped = try await seeds.load("orders", on: database, columnTypes: ["id": "bigint"])
        #expect(retyped.status == .success, "\(retyped.message)")
        #expect(try await F.oid(database, "orders") != thirdOID)
        #expect(try await F.columns(database, "orders") == ["id bigint", "amount numeric", "note text"])
        #expect(try await F.scratchRelations(database) == [])
    }

    @Test(
        "a malformed seed fails with its file, line and column before any SQL, and the previous table keeps its rows",
        arguments: [
            ("ragged row", "id,name\n1,a\n2,b,extra\n", [:], ["seeds/people.csv:3:5: error: "]),
            ("bad quote", "id,name\n1,a\n2,b\"c\n", [:], ["seeds/people.csv:3:4: error: "]),
            (
                "values not of the declared types", "id,name\n1,a\nx,b\n3,cc\n",
                ["id": "integer", "name": "varchar(1)"],
                ["seeds/people.csv:3:1: error: value 'x' ", "seeds/people.csv:4:3: error: value 'cc' "]
            ),
        ] as [(String, String, [String: String], [String])]
    )
    func malformedSeed(_ label: String, csv: String, columnTypes: [String: String], locations: [String]) async throws {
        let database = try await TestDatabase.create()
        let seeds = try SeedFolder()
        try seeds.write("people", "id,name\n1,a\n2,b\n")
        #expect(try await seeds.load("people", on: database).status == .success)
        let oid = try await F.oid(database, "people")

        try seeds.write("people", csv)
        let result = try await seeds.load("people", on: database, columnTypes: columnTypes)
        #expect(result.status == .error)
        let error = try #require(result.error)
        #expect(error.phase == .readSeed)
        guard case .seed(let seedError) = error.cause else {
            Issue.record("expected a seed error, got \(error)")
            return
        }
        #expect(seedError.issues.count == locations.count)
        for location in locations {
            #expect(result.message.contains(location), "\(label): \(result.message)")
        }
        #expect(try await F.oid(database, "people") == oid)
        #expect(
            try await Self.rows(database, "select id, name from analytics.people order by id") == [
                ["1", "a"], ["2", "b"],
            ])
        #expect(try await F.scratchRelations(database) == [])
    }

    @Test("a value Postgres rejects during COPY is reported at its CSV line and column, and the old table is kept")
    func copyRejectedByServer() async throws {
        let database = try await TestDatabase.create()
        let seeds = try SeedFolder()
        let types = ["id": "uuid"]
        // The failing record follows one with a quoted line break: its field is at line 4, column 3.
        let bad = "note,id\n\"two\nlines\",0c6a3f5e-0000-4000-8000-000000000002\nx,not-a-uuid\n"

        try seeds.write("ids", bad)
        let first = try await seeds.load("ids", on: database, columnTypes: types)
        #expect(first.status == .error)
        #expect(first.error?.phase == .loadSeed)
        #expect(first.error?.sourceLocation == SourceLocation(path: "seeds/ids.csv", line: 4, column: 3))
        #expect(first.error?.postgresError?.sqlstate == "22P02")
        #expect(first.message.contains("seeds/ids.csv:4:3"), "\(first.message)")
        #expect(try await F.relkind(database, "ids") == nil)

        try seeds.write("ids", "note,id\nfirst,0c6a3f5e-0000-4000-8000-000000000001\n")
        #expect(try await seeds.load("ids", on: database, columnTypes: types).status == .success)
        let oid = try await F.oid(database, "ids")

        // Same columns: the in-place path, whose truncate must be rolled back too.
        try seeds.write("ids", bad)
        let again = try await seeds.load("ids", on: database, columnTypes: types)
        #expect(again.status == .error)
        #expect(again.error?.sourceLocation == SourceLocation(path: "seeds/ids.csv", line: 4, column: 3))
        #expect(try await F.oid(database, "ids") == oid)
        #expect(
            try await F.strings(database, "select id::text from analytics.ids") == [
                "0c6a3f5e-0000-4000-8000-000000000001"
            ])

        // A line break inside the failing record itself.
        try seeds.write("ids", "note,id\nfirst,0c6a3f5e-0000-4000-8000-000000000003\n\"a\nb\",nope\n")
        let split = try await seeds.load("ids", on: database, columnTypes: types)
        #expect(split.error?.sourceLocation == SourceLocation(path: "seeds/ids.csv", line: 4, column: 4))
        #expect(try await F.oid(database, "ids") == oid)
        #expect(try await F.scratchRelations(database) == [])
    }

    @Test("a seed and a view model on it run through the DAG executor in order")
    func seedThenViewThroughExecutor() async throws {
        let database = try await TestDatabase.create()
        let seeds = try SeedFolder()
        try seeds.write("customers", "id,country\n1,NL\n2,DE\n3,NL\n")
        var view = F.node("dutch_customers", .view, "select id from analytics.customers where country = 'NL'")
        view.parents = [NodeID("seed.shop.customers")]
        let lines = ExecutionTests.Lines()
        let results = try await F.run(
            [view, seeds.node("customers")], on: database, threads: 2, progress: lines.append)
        #expect(results.succeeded)
        #expect(results.results.map(\.node.name) == ["customers", "dutch_customers"])
        #expect(try await F.ints(database, "select id from analytics.dutch_customers order by id") == [1, 3])
        #expect(lines.all.first?.hasPrefix("1 of 2 START seed file analytics.customers ") == true)
    }

    @Test("a seed node without its CSV file is refused, naming the node")
    func seedNodeWithoutFile() async throws {
        let database = try await TestDatabase.create()
        var node = try SeedFolder().node("orphan")
        node.seed = nil
        let lines = ExecutionTests.Lines()
        let result = try #require(try await F.run([node], on: database, progress: lines.append).results.first)
        #expect(result.status == .error)
        #expect(result.message.hasPrefix("seeds/orphan.csv: error in seed orphan"), "\(result.message)")
        #expect(lines.all.last?.hasPrefix("1 of 1 ERROR loading seed file analytics.orphan ....") == true)
        #expect(lines.all.last?.contains(" [ERROR in ") == true)
    }

    @Test("a missing seed file fails with its path")
    func missingFile() async throws {
        let database = try await TestDatabase.create()
        let result = try await SeedFolder().load("absent", on: database)
        #expect(result.status == .error)
        #expect(result.error?.phase == .readSeed)
        #expect(result.message.contains("seeds/absent.csv:1:1"), "\(result.message)")
    }
}
