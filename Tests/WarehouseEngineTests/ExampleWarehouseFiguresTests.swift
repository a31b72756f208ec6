import Foundation
import Testing
import WarehouseTesting

/// The figures models/README.md states for the committed seed, recomputed in Swift from the CSV.
@Suite struct ExampleWarehouseFiguresTests {
    @Test func committedSeedGivesTheDocumentedFigures() throws {
        let csv = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("seeds/retail_history.csv")
        let figures = try ExampleWarehouseFigures(csv: csv, loyalMinimumOrders: 3)
        #expect(figures.lines == 5_109)
        #expect(figures.salesRevenueCents == 19_763_850)
        #expect(figures.returnsValueCents == 90_400)
        #expect(figures.topProduct.stockCode == "22423")
        #expect(figures.topProduct.revenueCents == 2_872_992)
        #expect(figures.loyalCustomers == 172)
    }
}
