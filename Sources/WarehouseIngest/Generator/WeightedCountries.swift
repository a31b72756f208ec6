/// Draws countries in proportion to their weights.
struct WeightedCountries: Sendable {
    private let countries: [RetailCountry]
    private let cumulativeWeights: [Int]

    init(_ countries: [RetailCountry]) {
        precondition(!countries.isEmpty && countries.allSatisfy { $0.weight > 0 }, "weights must be positive")
        self.countries = countries
        var total = 0
        cumulativeWeights = countries.map { country in
            total += country.weight
            return total
        }
    }

    /// The country that `bits` (uniform 64 random bits) falls on.
    func country(for bits: UInt64) -> RetailCountry {
        let total = cumulativeWeights[cumulativeWeights.count - 1]
        let point = Int(bits.multipliedFullWidth(by: UInt64(total)).high)
        let index = cumulativeWeights.firstIndex { point < $0 } ?? countries.count - 1
        return countries[index]
    }
}
