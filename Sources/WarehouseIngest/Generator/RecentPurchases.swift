/// A line the generator sold, remembered so a later cancellation can return it.
struct PurchasedLine: Sendable, Hashable {
    var productIndex: Int
    var quantity: Int
    var unitPriceCents: Int
}

/// An invoice of a known customer that a cancellation may refer back to.
struct RecentInvoice: Sendable, Hashable {
    var customerID: Int
    var country: String
    var lines: [PurchasedLine]
}

/// The last few invoices of known customers, bounded so generation runs in constant memory.
struct RecentPurchases: Sendable {
    private var invoices: [RecentInvoice] = []
    private let capacity: Int

    init(capacity: Int) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
        invoices.reserveCapacity(capacity)
    }

    mutating func remember(_ invoice: RecentInvoice) {
        if invoices.count == capacity {
            invoices.removeFirst()
        }
        invoices.append(invoice)
    }

    /// Takes out one remembered invoice, so no invoice is cancelled twice; nil when none is remembered.
    mutating func takeRandom(using generator: inout SplitMix64) -> RecentInvoice? {
        guard !invoices.isEmpty else { return nil }
        return invoices.remove(at: generator.next(below: invoices.count))
    }
}
