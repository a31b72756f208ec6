import Logging
import PostgresClient
import Testing
import WarehouseTesting

@Suite("Queries with bound values")
struct QueryTests {
    @Test("every kind of value binds and reads back, including NULL, unicode and quotes")
    func bindsEveryType() async throws {
        let tricky = "it's \"quoted\" \\ back; -- not a comment 🧊 ünïcödé 漢字"
        let result = try await TestDatabase.withConnection { connection in
            try connection.query(
                """
                select $1::text as s, $2::int8 as i, $3::float8 as d, $4::bool as b, $5::bytea as raw,
                       $6::text as missing, $7::int8 as negative, $8::float8 as nan, $9::float8 as inf
                """,
                [
                    .string(tricky), .int(Int.max), .double(-0.125), .bool(true), .bytes([0, 1, 0xFF, 0x27]), nil,
                    .int(-42), .double(.nan), .double(-.infinity),
                ]
            )
        }
        #expect(result.columns == ["s", "i", "d", "b", "raw", "missing", "negative", "nan", "inf"])
        #expect(result.rowCount == 1)
        let row = try #require(result.first)
        #expect(try row.string("s") == tricky)
        #expect(try row.int("i") == Int.max)
        #expect(try row.double("d") == -0.125)
        #expect(try row.bool("b") == true)
        #expect(try row.string("raw") == "\\x0001ff27")
        #expect(try row.isNull("missing"))
        #expect(try row.string("missing") == nil)
        #expect(try row.int("missing") == nil)
        #expect(try row.int("negative") == -42)
        #expect(try row.double("nan")?.isNaN == true)
        #expect(try row.double("inf") == -.infinity)
    }

    @Test("a bound string is data, never SQL")
    func bindingIsNotInterpolation() async throws {
        let count = try await TestDatabase.withConnection { connection in
            try connection.execute("create table victims (name text); insert into victims values ('a'), ('b')")
            let injected = try connection.query("select count(*) from victims where name = $1", ["a' or '1'='1"])
            return try injected.int(row: 0, column: 0)
        }
        #expect(count == 0)
    }

    @Test("rowsAffected and the command tag report what each command did")
    func rowsAffected() async throws {
        let outcomes = try await TestDatabase.withConnection { connection in
            let create = try connection.query("create table items (id int primary key, label text)")
            let insert = try connection.query("insert into items select g, 'x' || g from generate_series(1, 25) g")
            let update = try connection.query("update items set label = $1 where id <= $2", ["small", 10])
            let delete = try connection.query("delete from items where id > $1", [20])
            let select = try connection.query("select id from items order by id")
            return (create, insert, update, delete, select)
        }
        #expect(outcomes.0.commandTag == "CREATE TABLE")
        #expect(outcomes.0.rowsAffected == nil)
        #expect(outcomes.1.commandTag == "INSERT 0 25")
        #expect(outcomes.1.rowsAffected == 25)
        #expect(outcomes.2.rowsAffected == 10)
        #expect(outcomes.3.rowsAffected == 5)
        #expect(outcomes.4.rowsAffected == 20)
        #expect(outcomes.4.rowCount == 20)
        #expect(try outcomes.4.map { try $0.int(0) } == Array(1...20))
    }

    @Test("execute runs a script and returns the last statement's result")
    func executeScript() async throws {
        let last = try await TestDatabase.withConnection { connection in
            try connection.execute(
                """
                create table t (n int);
                insert into t values (1), (2), (3);
                update t set n = n * 10 where n > 1;
                """
            )
        }
        #expect(last.commandTag == "UPDATE 2")
        #expect(last.rowsAffected == 2)
    }

    @Test("typed accessors refuse text of another type instead of guessing")
    func typedAccessorsValidate() async throws {
        let result = try await TestDatabase.withConnection { connection in
            try connection.query("select 'abc' as word, '1.5' as decimal, 'yes' as flag")
        }
        #expect(throws: PostgresError.self) { try result.int(row: 0, column: 0) }
        #expect(throws: PostgresError.self) { try result.int(row: 0, column: 1) }
        #expect(try result.double(row: 0, column: 1) == 1.5)
        #expect(throws: PostgresError.self) { try result.bool(row: 0, column: 2) }
        let unknown = #expect(throws: PostgresError.self) { try result.columnIndex(of: "nope") }
        #expect(unknown?.kind == .client)
    }

    @Test("quoted identifiers round-trip names with quotes, spaces and case")
    func quotedIdentifiers() async throws {
        let names = ["a\"b", "Mixed Case", "select"]
        let columns = try await TestDatabase.withConnection { connection in
            try connection.execute("create schema \(quoteIdentifier("odd \"schema\""))")
            let table = quoteQualifiedName("odd \"schema\"", "t\"1")
            let definitions = names.map { "\(quoteIdentifier($0)) text" }.joined(separator: ", ")
            try connection.execute("create table \(table) (\(definitions))")
            try connection.execute("comment on table \(table) is \(quoteLiteral("it's a \\ test"))")
            let comment = try connection.query("select obj_description($1::regclass)", [.string(table)])
            let columns = try connection.query(
                "select column_name from information_schema.columns where table_name = $1 order by ordinal_position",
                ["t\"1"]
            )
            return (columns.compactMap { $0[0] }, comment.string(row: 0, column: 0))
        }
        #expect(columns.0 == names)
        #expect(columns.1 == "it's a \\ test")
    }

    @Test("quoting functions produce the documented text")
    func quotingText() {
        #expect(quoteIdentifier("a\"b") == "\"a\"\"b\"")
        #expect(quoteQualifiedName("gold", "fact orders") == "\"gold\".\"fact orders\"")
        #expect(quoteLiteral("it's") == "'it''s'")
        #expect(quoteLiteral("a\\b'") == "E'a\\\\b'''")
    }

    @Test("server notices go to the logger")
    func noticesAreLogged() async throws {
        let capture = LogCapture()
        try await TestDatabase.withConnection(logger: capture.logger()) { connection in
            try connection.execute("drop table if exists never_existed")
            try connection.execute("do $$ begin raise warning 'careful: %', 42; end $$")
        }
        let entries = capture.entries
        let notice = try #require(entries.first { $0.message.contains("never_existed") })
        #expect(notice.level == .notice)
        let warning = try #require(entries.first { $0.message == "careful: 42" })
        #expect(warning.level == .warning)
        #expect(warning.metadata["sqlstate"] == "01000")
    }
}
