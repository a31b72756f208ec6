/// One line of an invoice, the shape of a row in the Online Retail CSV.
public struct RetailRow: Sendable, Hashable {
    /// The invoice's number without the cancellation prefix, for example 536365.
    public var invoiceNumber: Int
    /// A cancellation invoice (`C536380`): its quantities are negative.
    public var isCancellation: Bool
    public var stockCode: String
    public var description: String
    public var quantity: Int
    public var invoiceTimestamp: RetailTimestamp
    public var unitPriceCents: Int
    /// Nil for guest checkouts, written as an empty field.
    public var customerID: Int?
    public var country: String

    public init(
        invoiceNumber: Int,
        isCancellation: Bool,
        stockCode: String,
        description: String,
        quantity: Int,
        invoiceTimestamp: RetailTimestamp,
        unitPriceCents: Int,
        customerID: Int?,
        country: String
    ) {
        self.invoiceNumber = invoiceNumber
        self.isCancellation = isCancellation
        self.stockCode = stockCode
        self.description = description
        self.quantity = quantity
        self.invoiceTimestamp = invoiceTimestamp
        self.unitPriceCents = unitPriceCents
        self.customerID = customerID
        self.country = country
    }

    /// The invoice number as written: `536365`, or `C536380` for a cancellation.
    public var invoiceNo: String {
        isCancellation ? "C\(invoiceNumber)" : "\(invoiceNumber)"
    }
}
