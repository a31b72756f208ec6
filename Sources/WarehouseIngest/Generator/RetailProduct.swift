/// A product the generator sells: its stock code, price and description, which may be renamed part-way
/// through the generated period (so "the latest description of a stock code" is a real question).
public struct RetailProduct: Sendable, Hashable {
    public let stockCode: String
    public let description: String
    /// The description from `renamedAfterDay` on, when the product is renamed.
    public let laterDescription: String?
    /// The day, counted from the generator's start date, from which `laterDescription` is used.
    public let renamedAfterDay: Int
    public let unitPriceCents: Int
    /// The category in `product_categories.csv`; nil for products deliberately left out of that seed.
    public let category: String?

    public init(
        stockCode: String,
        description: String,
        laterDescription: String? = nil,
        renamedAfterDay: Int = 0,
        unitPriceCents: Int,
        category: String?
    ) {
        self.stockCode = stockCode
        self.description = description
        self.laterDescription = laterDescription
        self.renamedAfterDay = renamedAfterDay
        self.unitPriceCents = unitPriceCents
        self.category = category
    }

    /// The description on an invoice `day` days after the start date.
    public func description(onDay day: Int) -> String {
        if let laterDescription, day >= renamedAfterDay {
            return laterDescription
        }
        return description
    }
}
