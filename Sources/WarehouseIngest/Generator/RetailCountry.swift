/// A country customers order from, its region, and how often it is drawn relative to the others.
public struct RetailCountry: Sendable, Hashable {
    public let name: String
    public let region: String
    public let weight: Int

    public init(name: String, region: String, weight: Int) {
        self.name = name
        self.region = region
        self.weight = weight
    }
}
