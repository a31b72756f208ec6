import PostgresClient
import Testing
import WarehouseTesting

@Suite("Connection pool")
struct ConnectionPoolTests {
    @Test("four queries on a pool of four run at the same time on four backends")
    func parallelQueries() async throws {
        let configuration = try await TestDatabase.create()
        let pool = ConnectionPool(configuration: configuration, size: 4, logger: TestDatabase.logger)
        // A barrier: each query counts itself in (sequences are not transactional, so every session sees the
        // count at once) and waits until all four have arrived. It passes only if the four ran concurrently;
        // a serial pool would give up after 10 s and report fewer than four.
        _ = try await pool.withConnection { connection in
            try connection.execute(
                """
                create sequence arrivals;
                create function wait_for_peers(wanted int) returns int language plpgsql as $$
                declare
                    seen int;
                begin
                    perform nextval('arrivals');
                    for attempt in 1..200 loop
                        select last_value into seen from arrivals;
                        exit when seen >= wanted;
                        perform pg_sleep(0.05);
                    end loop;
                    return seen;
                end
                $$
                """
            )
        }
        let barrier = "select pg_backend_pid(), wait_for_peers(4)"
        let results = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await pool.withConnection { connection in
                        let row = try connection.query(barrier)
                        return (try row.int(row: 0, column: 0) ?? 0, try row.int(row: 0, column: 1) ?? 0)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(results.map(\.0)).count == 4)
        #expect(results.allSatisfy { $0.1 == 4 })
    }

    @Test("more callers than connections wait their turn and reuse the connections")
    func queueing() async throws {
        let configuration = try await TestDatabase.create()
        let pool = ConnectionPool(configuration: configuration, size: 2, logger: TestDatabase.logger)
        let pids = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<10 {
                group.addTask {
                    try await pool.withConnection { connection in
                        _ = try connection.query("select $1::int", [.int(index)])
                        return connection.backendPID
                    }
                }
            }
            return try await group.reduce(into: Set<Int>()) { $0.insert($1) }
        }
        #expect(pids.count <= 2)
        #expect(!pids.isEmpty)
    }

    @Test("one caller at a time keeps using one connection, whatever the pool's size")
    func sequentialCallsShareAConnection() async throws {
        let configuration = try await TestDatabase.create()
        let pool = ConnectionPool(configuration: configuration, size: 4, logger: TestDatabase.logger)
        var pids: Set<Int> = []
        for _ in 0..<8 {
            pids.insert(try await pool.withConnection { $0.backendPID })
            // Time for the thread that ran it to be idle again before the next call.
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(pids.count == 1)
    }

    @Test("a transaction left open by a caller is rolled back before the next one")
    func leftOpenTransaction() async throws {
        let configuration = try await TestDatabase.create()
        let pool = ConnectionPool(configuration: configuration, size: 1, logger: TestDatabase.logger)
        _ = try await pool.withConnection { connection in
            try connection.execute("create table t (n int)")
            try connection.execute("begin; insert into t values (1)")
        }
        let (count, inTransaction) = try await pool.withConnection { connection in
            (try connection.query("select count(*) from t").int(row: 0, column: 0), connection.isInTransaction)
        }
        #expect(count == 0)
        #expect(inTransaction == false)
    }

    @Test("a pool whose server is unreachable throws the connection error naming host and port")
    func unreachableServer() async throws {
        let port = try #require(unusedPort())
        let pool = ConnectionPool(
            configuration: ConnectionConfiguration(
                host: "127.0.0.1", port: port, user: "postgres", database: "postgres"),
            size: 2,
            logger: TestDatabase.logger
        )
        let error = await #expect(throws: PostgresError.self) {
            try await pool.withConnection { connection in connection.backendPID }
        }
        #expect(error?.kind == .connection)
        #expect(error?.message.contains("127.0.0.1:\(port)") == true)
    }
}
