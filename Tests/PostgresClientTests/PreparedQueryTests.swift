import PostgresClient
import Testing
import WarehouseTesting

@Suite("Prepared statements in one round trip")
struct PreparedQueryTests {
    @Test("statements are prepared once per session and answer with their values bound")
    func preparedOnce() async throws {
        let (first, second, prepared) = try await TestDatabase.withConnection { connection in
            let statements = [
                PreparedCall("select $1::int8 * 2 as doubled", [.int(21)]),
                PreparedCall("select upper($1) as shout", [.string("it's; -- data")]),
            ]
            let first = try connection.queryPrepared(statements)
            let second = try connection.queryPrepared([
                PreparedCall("select $1::int8 * 2 as doubled", [.int(-4)]), statements[1],
            ])
            let prepared = try connection.query("select count(*) from pg_prepared_statements")
            return (first, second, try prepared.int(row: 0, column: 0))
        }
        #expect(try first[0].int(row: 0, column: 0) == 42)
        #expect(first[1].string(row: 0, column: 0) == "IT'S; -- DATA")
        #expect(try second[0].int(row: 0, column: 0) == -8)
        #expect(prepared == 2)
    }

    @Test("a view whose columns changed after its statement was prepared is prepared again")
    func viewColumnsChange() async throws {
        let (before, after) = try await TestDatabase.withConnection { connection in
            try connection.execute("create view figures as select 1 as a")
            let before = try connection.queryPrepared([PreparedCall("select * from figures")])[0]
            try connection.execute("drop view figures; create view figures as select 1 as a, 'two' as b")
            let after = try connection.queryPrepared([PreparedCall("select * from figures")])[0]
            return (before, after)
        }
        #expect(before.columns == ["a"])
        #expect(after.columns == ["a", "b"])
        #expect(after.string(row: 0, column: 1) == "two")
    }

    @Test("a failing statement skips the ones after it, is thrown, and leaves the connection usable")
    func failureSkipsTheRest() async throws {
        let (error, table, open) = try await TestDatabase.withConnection { connection in
            try connection.execute("create table marks (n int)")
            var caught: PostgresError?
            do throws(PostgresError) {
                _ = try connection.queryPrepared([
                    PreparedCall("insert into marks values (1)"), PreparedCall("select 1 / $1::int", [.int(0)]),
                    PreparedCall("insert into marks values (3)"),
                ])
            } catch {
                caught = error
            }
            let table = try connection.query("select count(*) from marks").int(row: 0, column: 0)
            return (caught, table, connection.isOpen && !connection.isInTransaction)
        }
        #expect(error?.sqlstate == "22012")
        #expect(table == 0, "the statements ran as one implicit transaction, rolled back as a whole")
        #expect(open)
    }

    @Test("settings the server reports are read without a query, as they change")
    func reportedSettings() async throws {
        let (before, after, unreported) = try await TestDatabase.withConnection { connection in
            try connection.execute("set intervalstyle = 'postgres'")
            let before = connection.reportedSetting("IntervalStyle")
            try connection.query("select set_config('IntervalStyle', 'iso_8601', false)")
            return (before, connection.reportedSetting("IntervalStyle"), connection.reportedSetting("work_mem"))
        }
        #expect(before == "postgres")
        #expect(after == "iso_8601")
        #expect(unreported == nil)
    }
}
