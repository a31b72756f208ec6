import Testing
import WarehouseIngest

/// Counts rows without keeping them, to show generation streams.
private struct RowCounter: RetailRowSink {
    var rows = 0
    var bytes = 0

    mutating func consume(_ row: RetailRow) {
        rows += 1
        bytes += row.stockCode.utf8.count
    }
}

struct RetailGeneratorPerformanceTests {
    @Test func streamsAMillionRowsToASink() throws {
        let generator = try RetailDataGenerator(
            seed: 1, invoiceCount: 230_000, startDate: CivilDate(daysSinceEpoch: 19_692))
        var counter = RowCounter()
        generator.write(to: &counter)
        #expect(counter.rows > 1_000_000)
    }
}
