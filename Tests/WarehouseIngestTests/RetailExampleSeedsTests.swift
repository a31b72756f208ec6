import Foundation
import Testing
import WarehouseIngest

/// The committed seeds are the generator's output; run with `WH_RECORD_SEEDS=1` to rewrite them.
struct RetailExampleSeedsTests {
    private static let seedsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("seeds")

    @Test func committedSeedsAreWhatTheGeneratorWrites() throws {
        if ProcessInfo.processInfo.environment["WH_RECORD_SEEDS"] == "1" {
            try RetailExampleSeeds.write(into: Self.seedsDirectory)
        }
        for file in try RetailExampleSeeds.files() {
            let committed = try Data(contentsOf: Self.seedsDirectory.appendingPathComponent(file.name))
            #expect(committed == Data(file.contents), "seeds/\(file.name) differs from the generator's output")
        }
    }

    @Test func historyHasAboutFiveThousandLines() throws {
        let history = try RetailDataGenerator(parameters: RetailDataGenerator.exampleSeedParameters)
        let lineCount = history.csvBytes().count { $0 == UInt8(ascii: "\n") } - 1
        #expect((4_500...5_500).contains(lineCount))
    }

    @Test func everyGeneratedCountryIsInTheCountriesSeed() throws {
        let seedCountries = try CSVTestParser.parse(RetailCatalog.countriesCSV).dropFirst().map { $0[0] }
        let history = try RetailDataGenerator(parameters: RetailDataGenerator.exampleSeedParameters)
        let rows = try CSVTestParser.parse(String(decoding: history.csvBytes(), as: UTF8.self)).dropFirst()
        #expect(Set(rows.map { $0[7] }).isSubset(of: Set(seedCountries)))
        #expect(Set(seedCountries).count == seedCountries.count)
    }

    @Test func productCategoriesLeaveOutOneProductOnPurpose() throws {
        let categorized = try CSVTestParser.parse(RetailCatalog.productCategoriesCSV).dropFirst().map { $0[0] }
        let all = RetailCatalog.products.map(\.stockCode)
        #expect(Set(all).subtracting(categorized) == ["10002"])
        #expect(categorized == categorized.sorted())
        #expect(Set(all).count == all.count)
    }
}
