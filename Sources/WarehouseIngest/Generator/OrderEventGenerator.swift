/// Generates the example shop's order events, deterministically from a seed: the same seed gives the same events,
/// byte for byte, on every platform.
///
/// Customers, countries and products are the retail history's (``RetailCatalog``). About 8% of events cancel and 4%
/// return an order placed shortly before (same order id, customer and lines). A chosen share of events is
/// malformed (cut-short JSON, or a quantity written as a word) and a chosen share re-sends an earlier event
/// unchanged (same event id). Each event occurs 1-60 s after the previous one, from 2025-01-01T00:00:00Z.
public struct OrderEventGenerator: Sendable {
    /// The order number of the first order: above the retail history's invoice numbers, so they never collide.
    public static let firstOrderNumber = 5_000_000
    /// 2025-01-01T00:00:00Z in seconds since 1970.
    static let startSeconds = 1_735_689_600

    private var random: SplitMix64
    private let seed: UInt64
    private let badPerMillion: Int
    private let duplicatePerMillion: Int
    private let countries = WeightedCountries(RetailCatalog.countries)
    private let customerPoolSize = 5_000
    private var nextOrderNumber = firstOrderNumber
    private var seconds = startSeconds
    /// Recently placed orders, which later events may cancel or return.
    private var placed: [OrderEvent] = []
    /// Recent well-formed events, which duplicates re-send.
    private var sent: [OrderEvent] = []

    /// A generator; `badRatio` and `duplicateRatio` (each 0...1, together at most 1) are the shares of malformed
    /// and re-sent events, in millionths.
    public init(seed: UInt64, badRatio: Double = 0, duplicateRatio: Double = 0) throws(OrderEventGeneratorError) {
        guard (0...1).contains(badRatio) else { throw .ratioOutOfRange(name: "bad ratio", value: badRatio) }
        guard (0...1).contains(duplicateRatio) else {
            throw .ratioOutOfRange(name: "duplicate ratio", value: duplicateRatio)
        }
        guard badRatio + duplicateRatio <= 1 else {
            throw .ratioOutOfRange(name: "bad ratio + duplicate ratio", value: badRatio + duplicateRatio)
        }
        self.seed = seed
        random = SplitMix64(seed: seed)
        badPerMillion = Int((badRatio * 1_000_000).rounded())
        duplicatePerMillion = Int((duplicateRatio * 1_000_000).rounded())
    }

    /// The next event.
    public mutating func next() -> OrderEvent {
        let draw = random.next(below: 1_000_000)
        if draw < duplicatePerMillion, !sent.isEmpty {
            var again = sent[random.next(below: sent.count)]
            again.isDuplicate = true
            return again
        }
        var event = freshEvent()
        if draw >= duplicatePerMillion && draw < duplicatePerMillion + badPerMillion {
            event.defect = random.chance(1, in: 2) ? .invalidJSON : .wrongType
        } else {
            remember(event, in: &sent, keeping: 64)
        }
        return event
    }

    private mutating func freshEvent() -> OrderEvent {
        seconds += 1 + random.next(below: 60)
        let eventID = uuid()
        let statusDraw = random.next(below: 100)
        if statusDraw < 12, !placed.isEmpty {
            let index = random.next(below: placed.count)
            var later = placed.remove(at: index)
            later.eventID = eventID
            later.status = statusDraw < 8 ? .cancelled : .returned
            later.occurredAt = Self.iso8601(seconds)
            return later
        }
        let customerID =
            RetailDataGenerator.firstCustomerID
            + min(random.next(below: customerPoolSize), random.next(below: customerPoolSize))
        let products = RetailCatalog.products
        var lines: [OrderEventLine] = []
        // 1 line 75%, 2 lines 20%, 3 lines 5%: about 300 bytes of JSON an event.
        let linesDraw = random.next(below: 20)
        let lineCount = linesDraw < 15 ? 1 : linesDraw < 19 ? 2 : 3
        while lines.count < lineCount {
            let product = products[min(random.next(below: products.count), random.next(below: products.count))]
            guard !lines.contains(where: { $0.sku == product.stockCode }) else { continue }
            lines.append(
                OrderEventLine(
                    sku: product.stockCode, name: product.description(onDay: (seconds - Self.startSeconds) / 86_400),
                    quantity: 1 + random.next(below: 12), unitPriceCents: product.unitPriceCents))
        }
        let order = OrderEvent(
            eventID: eventID, orderID: String(nextOrderNumber), customerID: customerID,
            customerEmail: "customer\(customerID)@example.com", country: country(ofCustomer: customerID), lines: lines,
            status: .placed, occurredAt: Self.iso8601(seconds), defect: .none, isDuplicate: false)
        nextOrderNumber += 1
        remember(order, in: &placed, keeping: 256)
        return order
    }

    private func remember(_ event: OrderEvent, in list: inout [OrderEvent], keeping limit: Int) {
        if list.count == limit { list.removeFirst() }
        list.append(event)
    }

    /// A customer's country, fixed for the customer whatever the order of draws.
    private func country(ofCustomer customerID: Int) -> String {
        var customerRandom = SplitMix64(seed: seed ^ (UInt64(customerID) &* 0x9E37_79B9_7F4A_7C15))
        return countries.country(for: customerRandom.next()).name
    }

    /// A random (version 4 shaped) UUID in lowercase hex, drawn from the generator.
    private mutating func uuid() -> String {
        let high = random.next()
        let low = random.next()
        let hex = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        for (index, shift) in stride(from: 60, through: 0, by: -4).enumerated() {
            if index == 8 || index == 12 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(index == 12 ? UInt8(ascii: "4") : hex[Int((high >> UInt64(shift)) & 0xF)])
        }
        for (index, shift) in stride(from: 60, through: 0, by: -4).enumerated() {
            if index == 0 || index == 4 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(hex[Int((low >> UInt64(shift)) & 0xF)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ`.
    static func iso8601(_ seconds: Int) -> String {
        let date = CivilDate(daysSinceEpoch: seconds / 86_400)
        var bytes = Array(date.description.utf8)
        let time = seconds % 86_400
        bytes.append(UInt8(ascii: "T"))
        CSVBytes.appendTwoDigits(time / 3600, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        CSVBytes.appendTwoDigits(time / 60 % 60, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        CSVBytes.appendTwoDigits(time % 60, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Why an ``OrderEventGenerator`` cannot be made.
public enum OrderEventGeneratorError: Error, Sendable, Equatable, CustomStringConvertible {
    case ratioOutOfRange(name: String, value: Double)

    public var description: String {
        switch self {
        case .ratioOutOfRange(let name, let value): "the \(name) must be between 0 and 1, got \(value)"
        }
    }
}
