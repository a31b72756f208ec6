import PostgresClient
import Testing
import WarehouseTesting

@Suite("Transactions")
struct TransactionTests {
    struct Boom: Error {}

    @Test("a transaction commits its work and returns the body's value")
    func commits() async throws {
        let (value, count) = try await TestDatabase.withConnection { connection in
            try connection.execute("create table t (n int)")
            let value = try connection.transaction { connection in
                try connection.query("insert into t values ($1), ($2)", [1, 2]).rowsAffected
            }
            return (value, try connection.query("select count(*) from t").int(row: 0, column: 0))
        }
        #expect(value == 2)
        #expect(count == 2)
    }

    @Test("a throwing body rolls back and its error comes out unchanged")
    func rollsBackOnThrow() async throws {
        let (caught, count, inTransaction) = try await TestDatabase.withConnection { connection in
            try connection.execute("create table t (n int)")
            var caught = false
            do {
                try connection.transaction { connection in
                    try connection.query("insert into t values (1)")
                    throw Boom()
                }
            } catch is Boom {
                caught = true
            }
            return (
                caught, try connection.query("select count(*) from t").int(row: 0, column: 0),
                connection.isInTransaction
            )
        }
        #expect(caught)
        #expect(count == 0)
        #expect(inTransaction == false)
    }

    @Test("a statement error swallowed inside the body still fails the commit")
    func swallowedErrorFailsCommit() async throws {
        let (error, count) = try await TestDatabase.withConnection { connection in
            try connection.execute("create table t (n int)")
            let outcome = Result {
                try connection.transaction { connection in
                    try connection.query("insert into t values (1)")
                    _ = try? connection.query("select * from missing_table")
                }
            }
            let error: (any Error)? = if case .failure(let error) = outcome { error } else { nil }
            return (error as? PostgresError, try connection.query("select count(*) from t").int(row: 0, column: 0))
        }
        #expect(error?.kind == .client)
        #expect(count == 0)
    }

    @Test("transactions do not nest")
    func noNesting() async throws {
        let inner = try await TestDatabase.withConnection { connection in
            try connection.transaction { connection -> PostgresError? in
                do {
                    try connection.transaction { _ in }
                    return nil
                } catch {
                    return error as? PostgresError
                }
            }
        }
        #expect(inner?.kind == .client)
    }
}
