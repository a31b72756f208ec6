import PostgresClient
import Testing
import WarehouseTesting

@Suite("COPY FROM STDIN")
struct CopyTests {
    /// Rows `id,amount,label` as CSV, cut into chunks that do not respect row boundaries.
    static func csvChunks(rows: Int, chunkSize: Int) -> (chunks: [[UInt8]], amountSum: Int, labelBytes: Int) {
        var data: [UInt8] = []
        var amountSum = 0
        var labelBytes = 0
        for id in 1...rows {
            let amount = (id * 7919) % 10_007
            let label = id % 10 == 0 ? "\"comma, and \"\"quote\"\"\"" : "item-\(id)-é"
            amountSum += amount
            labelBytes += (id % 10 == 0 ? "comma, and \"quote\"" : label).utf8.count
            data += Array("\(id),\(amount),\(label)\n".utf8)
        }
        let chunks = stride(from: 0, to: data.count, by: chunkSize).map {
            Array(data[$0..<min($0 + chunkSize, data.count)])
        }
        return (chunks, amountSum, labelBytes)
    }

    @Test("100,000 rows stream in; count and checksums match what Swift computed")
    func bulkCopy() async throws {
        let rows = 100_000
        let input = CopyTests.csvChunks(rows: rows, chunkSize: 64 * 1024 + 13)
        let (copied, count, amountSum, labelBytes, idSum) = try await TestDatabase.withConnection { connection in
            try connection.execute("create table orders (id int primary key, amount int not null, label text not null)")
            let copied = try connection.copyIn(
                "copy orders (id, amount, label) from stdin (format csv)", chunks: input.chunks)
            let check = try connection.query(
                "select count(*), sum(amount), sum(octet_length(label)), sum(id) from orders")
            return (
                copied, try check.int(row: 0, column: 0), try check.int(row: 0, column: 1),
                try check.int(row: 0, column: 2),
                try check.int(row: 0, column: 3)
            )
        }
        #expect(copied == rows)
        #expect(count == rows)
        #expect(amountSum == input.amountSum)
        #expect(labelBytes == input.labelBytes)
        #expect(idSum == rows * (rows + 1) / 2)
    }

    @Test("a bad row fails with the server's context and line number; the table is unchanged")
    func badRow() async throws {
        let good = Array("1,10\n2,20\n".utf8)
        let bad = Array("3,30\n4,forty\n5,50\n".utf8)
        let (error, count, inTransaction) = try await TestDatabase.withConnection { connection in
            try connection.execute("create table amounts (id int, amount int); insert into amounts values (0, 0)")
            let outcome = Result {
                try connection.transaction { connection in
                    try connection.copyIn("copy amounts from stdin (format csv)", chunks: [good, bad])
                }
            }
            let error: (any Error)? = if case .failure(let error) = outcome { error } else { nil }
            return (
                error as? PostgresError, try connection.query("select count(*) from amounts").int(row: 0, column: 0),
                connection.isInTransaction
            )
        }
        let failure = try #require(error)
        #expect(failure.sqlstate == "22P02")
        #expect(failure.message == "invalid input syntax for type integer: \"forty\"")
        #expect(failure.context == "COPY amounts, line 4, column amount: \"forty\"")
        #expect(failure.copyLineNumber == 4)
        #expect(count == 1)
        #expect(inTransaction == false)
    }

    @Test("an error thrown while writing cancels the COPY and comes out unchanged")
    func writerThrows() async throws {
        struct SourceFailed: Error {}
        let (caught, count, usable) = try await TestDatabase.withConnection { connection in
            try connection.execute("create table t (n int)")
            var caught = false
            do {
                _ = try connection.copyIn("copy t from stdin") { writer in
                    try writer.write(Array("1\n2\n".utf8))
                    throw SourceFailed()
                }
            } catch is SourceFailed {
                caught = true
            }
            return (caught, try connection.query("select count(*) from t").int(row: 0, column: 0), connection.isOpen)
        }
        #expect(caught)
        #expect(count == 0)
        #expect(usable)
    }

    @Test("copyIn refuses a statement that is not COPY FROM STDIN, and query refuses COPY")
    func wrongStatements() async throws {
        let (copyError, queryError, after) = try await TestDatabase.withConnection { connection in
            let copyError = Result { try connection.copyIn("select 1", chunks: [[UInt8]]()) }
            let queryError = Result { try connection.query("copy (select 1) to stdout") }
            return (copyError, queryError, try connection.query("select 3").int(row: 0, column: 0))
        }
        #expect(throws: PostgresError.self) { try copyError.get() }
        #expect(throws: PostgresError.self) { try queryError.get() }
        #expect(after == 3)
    }
}
