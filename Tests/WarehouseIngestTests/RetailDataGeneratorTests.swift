import Foundation
import Testing
import WarehouseIngest

struct RetailDataGeneratorTests {
    private static let start = CivilDate(daysSinceEpoch: 19_692)  // 2023-12-01

    private static func generator(seed: UInt64 = 99, invoices: Int = 4_000) throws -> RetailDataGenerator {
        try RetailDataGenerator(seed: seed, invoiceCount: invoices, startDate: start)
    }

    private static func rows(of generator: RetailDataGenerator) throws -> [[String]] {
        let bytes = generator.csvBytes()
        let table = try CSVTestParser.parse(String(decoding: bytes, as: UTF8.self))
        try #require(table.first == RetailRow.csvHeader.split(separator: ",").map(String.init))
        return Array(table.dropFirst())
    }

    /// Rows of the default generator, parsed once for the tests that only read them.
    private static let sample = Result { try rows(of: generator()) }

    @Test func sameParametersGiveSameBytesAndOtherSeedsDiffer() throws {
        let first = try Self.generator(seed: 5).csvBytes()
        #expect(first == (try Self.generator(seed: 5).csvBytes()))
        #expect(first != (try Self.generator(seed: 6).csvBytes()))
    }

    @Test func everyRowHasEightWellFormedFields() throws {
        let rows = try Self.rows(of: Self.generator(invoices: 1_000))
        #expect(rows.count > 1_000 * 3)
        let countries = Set(RetailCatalog.countries.map(\.name))
        let stockCodes = Set(RetailCatalog.products.map(\.stockCode))
        let timestampPattern = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:00/
        for row in rows {
            try #require(row.count == 8)
            #expect(row[0].wholeMatch(of: /C?\d{6}/) != nil)
            #expect(stockCodes.contains(row[1]))
            #expect(!row[2].isEmpty && row[2] == row[2].uppercased())
            #expect(Int(row[3]) != nil && Int(row[3]) != 0)
            #expect(row[4].wholeMatch(of: timestampPattern) != nil)
            #expect(row[5].wholeMatch(of: /\d+\.\d{2}/) != nil)
            #expect(row[6].isEmpty || row[6].wholeMatch(of: /\d{5}/) != nil)
            #expect(countries.contains(row[7]))
        }
    }

    @Test func quotedDescriptionsRoundTrip() throws {
        let rows = try Self.sample.get()
        let descriptions = Set(rows.map { $0[2] })
        #expect(descriptions.contains("14\" PAPER LANTERN, IVORY"))
        #expect(descriptions.contains("SIGN \"PLEASE KEEP CLEAN\", WHITE"))
        #expect(descriptions.contains("JUMBO BAG VINTAGE DOILY, RED"))
    }

    @Test func renamedProductsChangeDescriptionOnceAndForAll() throws {
        let rows = try Self.sample.get()
        let heartRows = rows.filter { $0[1] == "85123A" }
        let descriptions = heartRows.map { $0[2] }
        #expect(descriptions.first == "WHITE HANGING HEART T-LIGHT HOLDER")
        #expect(descriptions.last == "CREAM HANGING HEART T-LIGHT HOLDER")
        let firstRenamed = try #require(descriptions.firstIndex(of: "CREAM HANGING HEART T-LIGHT HOLDER"))
        #expect(descriptions[firstRenamed...].allSatisfy { $0 == "CREAM HANGING HEART T-LIGHT HOLDER" })
        let renameDay = try #require(heartRows[firstRenamed][4].split(separator: " ").first)
        #expect(renameDay == "2024-06-18")  // 2023-12-01 plus 200 days
    }

    @Test func cancellationsAreNegativeAndReturnWhatTheCustomerBought() throws {
        let rows = try Self.sample.get()
        var bought: [String: [String: Int]] = [:]  // customer -> stock code -> quantity bought so far
        var cancellationInvoices = Set<String>()
        var invoices = Set<String>()
        for row in rows {
            let quantity = try #require(Int(row[3]))
            invoices.insert(row[0])
            if row[0].hasPrefix("C") {
                cancellationInvoices.insert(row[0])
                #expect(quantity < 0)
                #expect(!row[6].isEmpty)
                #expect(bought[row[6], default: [:]][row[1], default: 0] >= -quantity)
            } else {
                #expect(quantity > 0)
                bought[row[6], default: [:]][row[1], default: 0] += quantity
            }
        }
        let share = Double(cancellationInvoices.count) / Double(invoices.count)
        #expect((0.01...0.03).contains(share))
    }

    @Test func aboutOneRowInTenHasNoCustomer() throws {
        let rows = try Self.rows(of: Self.generator(invoices: 8_000))
        let share = Double(rows.count { $0[6].isEmpty }) / Double(rows.count)
        #expect((0.08...0.12).contains(share))
    }

    @Test func aFewLinesAreExactDuplicatesAndNothingElseRepeats() throws {
        let rows = try Self.sample.get()
        let distinctRows = Set(rows)
        let duplicates = rows.count - distinctRows.count
        #expect((1...rows.count / 100).contains(duplicates))
        let lineKeys = Set(distinctRows.map { [$0[0], $0[1]] })
        #expect(lineKeys.count == distinctRows.count)
    }

    @Test func invoicesIncreaseWithTimeOverTheSpan() throws {
        let rows = try Self.sample.get()
        let timestamps = rows.map { $0[4] }
        #expect(timestamps == timestamps.sorted())
        #expect(timestamps.first?.hasPrefix("2023-12-01") == true)
        #expect(timestamps.last?.hasPrefix("2024-12-2") == true)
        let numbers = rows.compactMap { Int($0[0].trimmingPrefix("C")) }
        #expect(numbers.first == RetailDataGenerator.firstInvoiceNumber)
        #expect(numbers == numbers.sorted())
    }

    @Test func zeroInvoicesGiveOnlyTheHeader() throws {
        let bytes = try Self.generator(invoices: 0).csvBytes()
        #expect(String(decoding: bytes, as: UTF8.self) == RetailRow.csvHeader + "\n")
    }

    @Test func rejectsInvalidParameters() {
        #expect(throws: RetailGeneratorError.negativeInvoiceCount(-1)) {
            try RetailDataGenerator(seed: 1, invoiceCount: -1, startDate: Self.start)
        }
        #expect(throws: RetailGeneratorError.nonPositiveSpan(days: 0)) {
            try RetailDataGenerator(seed: 1, invoiceCount: 10, startDate: Self.start, spanDays: 0)
        }
    }

    @Test func fileWriterInSmallChunksWritesTheSameBytes() throws {
        let generator = try Self.generator(invoices: 500)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("retail-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try #require(FileManager.default.createFile(atPath: url.path, contents: nil))
        let handle = try FileHandle(forWritingTo: url)
        try generator.writeCSV(to: handle, chunkSize: 100)
        try handle.close()
        #expect(try Data(contentsOf: url) == Data(generator.csvBytes()))
    }

    @Test func writingToAMissingDirectoryFails() throws {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/retail.csv")
        #expect(throws: RetailGeneratorError.cannotCreateFile(path: url.path)) {
            try Self.generator(invoices: 1).writeCSV(toFile: url)
        }
    }
}
