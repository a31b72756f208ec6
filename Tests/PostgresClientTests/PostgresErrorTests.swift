import Glibc
import PostgresClient
import Testing
import WarehouseTesting

@Suite("Errors")
struct PostgresErrorTests {
    @Test("a missing table is 42P01 with its position mapped to the line and column of a multi-line statement")
    func undefinedTable() async throws {
        let statement = """
            select id,
                   name
            from   customers c
            join   no_such_table x on x.id = c.id
            """
        let error = try await TestDatabase.withConnection { connection in
            try connection.execute("create table customers (id int, name text)")
            do {
                _ = try connection.query(statement, [])
                return nil as PostgresError?
            } catch let error as PostgresError {
                return error
            }
        }
        let failure = try #require(error)
        #expect(failure.kind == .server(sqlstate: "42P01"))
        #expect(failure.sqlstate == "42P01")
        #expect(failure.message == "relation \"no_such_table\" does not exist")
        #expect(failure.statement == statement)
        // "join   no_such_table": the name starts at column 8 of line 4.
        #expect(failure.statementLocation == StatementLocation(line: 4, column: 8))
    }

    @Test("detail, hint, constraint and table come through for a constraint violation")
    func constraintViolation() async throws {
        let error = try await TestDatabase.withConnection { connection in
            try connection.execute("create table accounts (id int constraint accounts_pk primary key, secret text)")
            try connection.query("insert into accounts values ($1, $2)", [1, "hunter2"])
            do {
                try connection.query("insert into accounts values ($1, $2)", [1, "swordfish"])
                return nil as PostgresError?
            } catch let error as PostgresError {
                return error
            }
        }
        let failure = try #require(error)
        #expect(failure.sqlstate == "23505")
        #expect(failure.constraintName == "accounts_pk")
        #expect(failure.tableName == "accounts")
        #expect(failure.detail == "Key (id)=(1) already exists.")
        // Bound values are not part of the error (the detail shows only the key the server chose to report).
        #expect(!failure.description.contains("swordfish"))
        #expect(failure.statement == "insert into accounts values ($1, $2)")
    }

    @Test("a syntax error carries its position and a hint-free message; the connection stays usable")
    func syntaxError() async throws {
        let (error, after) = try await TestDatabase.withConnection { connection in
            let error: PostgresError?
            do {
                try connection.execute("select 1;\nselect from where;")
                error = nil
            } catch let failure as PostgresError {
                error = failure
            }
            return (error, try connection.query("select 2").int(row: 0, column: 0))
        }
        let failure = try #require(error)
        #expect(failure.sqlstate == "42601")
        #expect(failure.statementLocation == StatementLocation(line: 2, column: 13))
        #expect(after == 2)
    }

    @Test("an unreachable server gives a connection error naming host and port")
    func unreachable() throws {
        let port = try #require(unusedPort())
        let configuration = ConnectionConfiguration(
            host: "127.0.0.1", port: port, user: "postgres", password: "s3cret", database: "x")
        let error = #expect(throws: PostgresError.self) {
            _ = try Connection.connect(configuration, logger: TestDatabase.logger)
        }
        let failure = try #require(error)
        #expect(failure.kind == .connection)
        #expect(failure.message.hasPrefix("could not connect to Postgres at 127.0.0.1:\(port): "))
        #expect(failure.message.lowercased().contains("connection refused"))
        #expect(!failure.description.contains("s3cret"))
    }

    @Test("a connection killed by the server reports a connection error, and the connection says it is closed")
    func connectionLost() async throws {
        let (error, isOpen) = try await TestDatabase.withConnection { connection in
            do {
                try connection.query("select pg_terminate_backend(pg_backend_pid())")
                return (nil as PostgresError?, connection.isOpen)
            } catch let error as PostgresError {
                return (error, connection.isOpen)
            }
        }
        let failure = try #require(error)
        #expect(failure.kind == .connection || failure.sqlstate == "57P01")
        #expect(isOpen == false)
    }

    @Test("a server that refuses the connection is reported with its reason and address")
    func unknownDatabase() async throws {
        let server = try await TestDatabase.server()
        let error = #expect(throws: PostgresError.self) {
            _ = try Connection.connect(server.with(database: "no_such_database"), logger: TestDatabase.logger)
        }
        #expect(error?.kind == .connection)
        #expect(
            error?.message
                == "could not connect to Postgres at \(server.hostDescription): "
                + "database \"no_such_database\" does not exist"
        )
        #expect(error?.hint == nil)
    }

    @Test("positions map to lines and columns counting characters, not bytes")
    func statementLocation() {
        let text = "ab\nçé🧊x\n"
        #expect(StatementLocation(offset: 1, in: text) == StatementLocation(line: 1, column: 1))
        #expect(StatementLocation(offset: 3, in: text) == StatementLocation(line: 1, column: 3))
        #expect(StatementLocation(offset: 4, in: text) == StatementLocation(line: 2, column: 1))
        #expect(StatementLocation(offset: 7, in: text) == StatementLocation(line: 2, column: 4))
        #expect(StatementLocation(offset: 9, in: text) == StatementLocation(line: 3, column: 1))
        #expect(StatementLocation(offset: 10, in: text) == nil)
        #expect(StatementLocation(offset: 0, in: text) == nil)
    }

    @Test("the COPY line number is read from the server's context")
    func copyLineNumber() {
        var error = PostgresError(
            kind: .server(sqlstate: "22P02"), message: "bad", context: "COPY orders, line 1234, column amount: \"x\"")
        #expect(error.copyLineNumber == 1234)
        error.context = "SQL function \"f\" statement 1"
        #expect(error.copyLineNumber == nil)
    }
}

/// A loopback port nothing listens on: bound by the kernel to a fresh ephemeral port, then released.
func unusedPort() -> Int? {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
        }
    }
    return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
}
