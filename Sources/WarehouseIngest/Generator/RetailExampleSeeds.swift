public import Foundation

/// The three seed files of the example shop, as committed under `seeds/`.
public enum RetailExampleSeeds {
    /// File names and their contents, in a stable order.
    public static func files() throws(RetailGeneratorError) -> [(name: String, contents: [UInt8])] {
        let history = try RetailDataGenerator(parameters: RetailDataGenerator.exampleSeedParameters)
        return [
            ("countries.csv", Array(RetailCatalog.countriesCSV.utf8)),
            ("product_categories.csv", Array(RetailCatalog.productCategoriesCSV.utf8)),
            ("retail_history.csv", history.csvBytes()),
        ]
    }

    /// Writes the seed files into `directory`, replacing files of the same names.
    public static func write(into directory: URL) throws {
        for file in try files() {
            try Data(file.contents).write(to: directory.appendingPathComponent(file.name), options: .atomic)
        }
    }
}
