/// An order event as the example shop's checkout publishes it: an order placed, cancelled or returned.
///
/// Serialized as JSON (``json``) for Kafka, or flattened to one CSV row per line (``appendCSVRows(to:)``).
public struct OrderEvent: Sendable, Hashable {
    /// What happened to the order.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case placed, cancelled, returned
    }

    /// How a deliberately malformed event is broken, for exercising an ingest's rejects.
    public enum Defect: Sendable, Hashable {
        /// A well-formed event.
        case none
        /// The payload is cut short: not valid JSON (in CSV, a row with fields missing).
        case invalidJSON
        /// The first line's quantity is a word (`"three"`) instead of a number.
        case wrongType
    }

    /// Unique per event, except that a re-sent event repeats it.
    public var eventID: String
    /// The order (invoice) number; an order's later cancellation or return carries the same one.
    public var orderID: String
    public var customerID: Int
    public var customerEmail: String
    public var country: String
    public var lines: [OrderEventLine]
    public var status: Status
    /// ISO 8601 in UTC, `2025-01-01T00:00:07Z`.
    public var occurredAt: String
    /// How the event is broken, if it is.
    public var defect: Defect
    /// Whether this is a re-send of an earlier event (same event id and bytes).
    public var isDuplicate: Bool
}

/// One product on an order.
public struct OrderEventLine: Sendable, Hashable {
    public var sku: String
    public var name: String
    public var quantity: Int
    public var unitPriceCents: Int
}
