/// The mutable state of one pass over the invoices.
struct RetailGenerationRun {
    private static let openingMinute = 8 * 60
    private static let openMinutes = 11 * 60
    private static let quantities = [1, 1, 2, 2, 3, 4, 6, 6, 12, 12, 12, 24, 24, 48]
    private static let bulkQuantity = 24
    private static let bulkPricePercent = 85
    private static let recentInvoiceCapacity = 64

    private let parameters: Parameters
    private let products = RetailCatalog.products
    private let countries = WeightedCountries(RetailCatalog.countries)
    private let customerPoolSize: Int
    private let startDay: Int
    private var random: SplitMix64
    private var recent = RecentPurchases(capacity: Self.recentInvoiceCapacity)
    private var productUsed: [Bool]
    private var lines: [PurchasedLine] = []

    typealias Parameters = RetailDataGenerator.Parameters

    init(parameters: Parameters) {
        self.parameters = parameters
        customerPoolSize = max(10, parameters.invoiceCount / 4)
        startDay = parameters.startDate.daysSinceEpoch
        random = SplitMix64(seed: parameters.seed)
        productUsed = Array(repeating: false, count: RetailCatalog.products.count)
    }

    mutating func writeInvoice<Sink: RetailRowSink>(at index: Int, to sink: inout Sink) throws(Sink.Failure) {
        // Spreading invoices evenly over days and opening hours keeps timestamps increasing with the number.
        let progress = index * parameters.spanDays
        let day = progress / parameters.invoiceCount
        let minuteOfDay =
            Self.openingMinute + (progress % parameters.invoiceCount) * Self.openMinutes / parameters.invoiceCount
        let timestamp = RetailTimestamp(date: CivilDate(daysSinceEpoch: startDay + day), minuteOfDay: minuteOfDay)
        let number = RetailDataGenerator.firstInvoiceNumber + index

        if random.chance(1, in: 50), let original = recent.takeRandom(using: &random) {
            try writeCancellation(of: original, number: number, day: day, timestamp: timestamp, to: &sink)
        } else {
            try writeSale(number: number, day: day, timestamp: timestamp, to: &sink)
        }
    }

    private mutating func writeSale<Sink: RetailRowSink>(
        number: Int, day: Int, timestamp: RetailTimestamp, to sink: inout Sink
    ) throws(Sink.Failure) {
        let customerID: Int? =
            random.chance(1, in: 10)
            ? nil
            : RetailDataGenerator.firstCustomerID
                + min(random.next(below: customerPoolSize), random.next(below: customerPoolSize))
        let country = customerID.map(country(ofCustomer:)) ?? countries.country(for: random.next()).name
        let lineCount = 1 + random.next(below: 6) + (random.chance(1, in: 5) ? random.next(below: 10) : 0)

        lines.removeAll(keepingCapacity: true)
        for _ in 0..<lineCount {
            var productIndex = min(random.next(below: products.count), random.next(below: products.count))
            while productUsed[productIndex] {
                productIndex = (productIndex + 1) % products.count
            }
            productUsed[productIndex] = true
            let quantity = Self.quantities[random.next(below: Self.quantities.count)]
            let basePrice = products[productIndex].unitPriceCents
            let price = quantity >= Self.bulkQuantity ? basePrice * Self.bulkPricePercent / 100 : basePrice
            let line = PurchasedLine(productIndex: productIndex, quantity: quantity, unitPriceCents: price)
            lines.append(line)
            try emit(
                line, quantity: quantity, number: number, isCancellation: false, day: day, timestamp: timestamp,
                customerID: customerID, country: country, to: &sink)
        }
        for line in lines {
            productUsed[line.productIndex] = false
        }
        if let customerID {
            recent.remember(RecentInvoice(customerID: customerID, country: country, lines: lines))
        }
    }

    private mutating func writeCancellation<Sink: RetailRowSink>(
        of original: RecentInvoice, number: Int, day: Int, timestamp: RetailTimestamp, to sink: inout Sink
    ) throws(Sink.Failure) {
        let returnedCount = 1 + random.next(below: min(3, original.lines.count))
        let firstLine = random.next(below: original.lines.count)
        for offset in 0..<returnedCount {
            let line = original.lines[(firstLine + offset) % original.lines.count]
            let quantity = -(1 + random.next(below: line.quantity))
            try emit(
                line, quantity: quantity, number: number, isCancellation: true, day: day, timestamp: timestamp,
                customerID: original.customerID, country: original.country, to: &sink)
        }
    }

    private mutating func emit<Sink: RetailRowSink>(
        _ line: PurchasedLine, quantity: Int, number: Int, isCancellation: Bool, day: Int,
        timestamp: RetailTimestamp, customerID: Int?, country: String, to sink: inout Sink
    ) throws(Sink.Failure) {
        let product = products[line.productIndex]
        let row = RetailRow(
            invoiceNumber: number, isCancellation: isCancellation, stockCode: product.stockCode,
            description: product.description(onDay: day), quantity: quantity, invoiceTimestamp: timestamp,
            unitPriceCents: line.unitPriceCents, customerID: customerID, country: country)
        try sink.consume(row)
        if random.chance(3, in: 1000) {
            try sink.consume(row)
        }
    }

    /// A customer's country, fixed for the customer and independent of the order rows are drawn in.
    private func country(ofCustomer customerID: Int) -> String {
        var customerRandom = SplitMix64(seed: parameters.seed ^ (UInt64(customerID) &* 0x9E37_79B9_7F4A_7C15))
        return countries.country(for: customerRandom.next()).name
    }
}
