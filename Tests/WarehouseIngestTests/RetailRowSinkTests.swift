import Testing
import WarehouseIngest

/// Keeps only counts, to show rows reach a custom sink one at a time.
private struct RowCounter: RetailRowSink {
    var rows = 0
    var cancellationRows = 0

    mutating func consume(_ row: RetailRow) {
        rows += 1
        if row.isCancellation {
            cancellationRows += 1
        }
    }
}

/// A sink that gives up after a number of rows, to show a sink's error ends generation.
private struct FailingSink: RetailRowSink {
    struct Full: Error, Equatable {}
    var remaining: Int

    mutating func consume(_ row: RetailRow) throws(Full) {
        guard remaining > 0 else { throw Full() }
        remaining -= 1
    }
}

struct RetailRowSinkTests {
    private static let generator = Result { () throws(RetailGeneratorError) in
        try RetailDataGenerator(seed: 3, invoiceCount: 2_000, startDate: CivilDate(daysSinceEpoch: 19_692))
    }

    @Test func customSinkSeesTheRowsTheCSVHas() throws {
        let generator = try Self.generator.get()
        var counter = RowCounter()
        generator.write(to: &counter)
        let csv = String(decoding: generator.csvBytes(), as: UTF8.self)
        let records = try CSVTestParser.parse(csv).dropFirst()
        #expect(counter.rows == records.count)
        #expect(counter.cancellationRows == records.count { $0[0].hasPrefix("C") })
        #expect(counter.cancellationRows > 0)
    }

    @Test func aSinkErrorStopsGeneration() throws {
        var sink = FailingSink(remaining: 10)
        #expect(throws: FailingSink.Full()) {
            try Self.generator.get().write(to: &sink)
        }
        #expect(sink.remaining == 0)
    }

    @Test func rowFormatsNegativeNumbersAndMissingCustomers() throws {
        let date = try #require(CivilDate(year: 2024, month: 1, day: 9))
        let row = RetailRow(
            invoiceNumber: 536_380, isCancellation: true, stockCode: "22960", description: "SAY \"HI\", OK",
            quantity: -12, invoiceTimestamp: RetailTimestamp(date: date, minuteOfDay: 0), unitPriceCents: 5,
            customerID: nil, country: "EIRE")
        var bytes: [UInt8] = []
        row.appendCSVLine(to: &bytes)
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == "C536380,22960,\"SAY \"\"HI\"\", OK\",-12,2024-01-09 00:00:00,0.05,,EIRE\n")
        #expect(row.invoiceNo == "C536380")
    }
}
