public import Foundation
import WarehouseCore
import WarehouseEngine

/// The example warehouse's headline figures, computed in Swift straight from `seeds/retail_history.csv` by the
/// definitions in `models/README.md`, so tests can check the gold views against numbers no SQL produced.
public struct ExampleWarehouseFigures: Sendable, Equatable {
    /// Lines after duplicates are dropped.
    public var lines: Int
    /// Sum of quantity × unit price over sales lines, in cents.
    public var salesRevenueCents: Int
    /// Minus the revenue of return lines, in cents (positive).
    public var returnsValueCents: Int
    /// The stock code with the greatest sales revenue (ties: smaller code in byte order), and that revenue.
    public var topProduct: (stockCode: String, revenueCents: Int)
    /// Customers with at least `loyalMinimumOrders` distinct sales invoices.
    public var loyalCustomers: Int

    public static func == (lhs: Self, rhs: Self) -> Bool {
        (
            lhs.lines, lhs.salesRevenueCents, lhs.returnsValueCents, lhs.topProduct.stockCode,
            lhs.topProduct.revenueCents,
            lhs.loyalCustomers
        )
            == (
                rhs.lines, rhs.salesRevenueCents, rhs.returnsValueCents, rhs.topProduct.stockCode,
                rhs.topProduct.revenueCents, rhs.loyalCustomers
            )
    }

    /// Reads the CSV at `url` and computes the figures; `loyalMinimumOrders` is the project's
    /// `loyal_min_orders` var.
    public init(csv url: URL, loyalMinimumOrders: Int) throws {
        let reader = try CSVReader(path: url.path)
        _ = try reader.nextRecord()
        var seen: Set<[String]> = []
        var lines = 0
        var sales = 0
        var returns = 0
        var revenueByProduct: [String: Int] = [:]
        var invoicesByCustomer: [String: Set<String>] = [:]
        while let record = try reader.nextRecord() {
            let fields = record.strings
            guard seen.insert(fields).inserted else { continue }
            lines += 1
            let (invoice, stockCode, quantityText, priceText, customer) = (
                fields[0], fields[1], fields[3], fields[5], fields[6]
            )
            guard let quantity = Int(quantityText), let priceCents = Self.cents(priceText) else {
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: url.path])
            }
            let revenue = quantity * priceCents
            if invoice.hasPrefix("C") {
                returns -= revenue
            } else {
                sales += revenue
                revenueByProduct[stockCode, default: 0] += revenue
                if !customer.isEmpty { invoicesByCustomer[customer, default: []].insert(invoice) }
            }
        }
        let top = revenueByProduct.max { lhs, rhs in
            lhs.value != rhs.value ? lhs.value < rhs.value : !lhs.key.utf8.lexicographicallyPrecedes(rhs.key.utf8)
        }
        self.lines = lines
        self.salesRevenueCents = sales
        self.returnsValueCents = returns
        self.topProduct = (top?.key ?? "", top?.value ?? 0)
        self.loyalCustomers = invoicesByCustomer.values.count { $0.count >= loyalMinimumOrders }
    }

    /// `12.5` or `1.76` as cents; nil when it is not a decimal with at most two places.
    private static func cents(_ text: String) -> Int? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int(parts[0]) else { return nil }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 2, let fractionValue = Int(fraction.padding(toLength: 2, withPad: "0", startingAt: 0))
        else { return nil }
        return whole * 100 + (whole < 0 ? -fractionValue : fractionValue)
    }
}
