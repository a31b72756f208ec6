public import Foundation

/// The three seed files of the example shop, as committed under `seeds/`.
public enum RetailExampleSeeds {
    /// File names and their contents, in a stable order.
    public static func files() throws(RetailGeneratorError) -> [RetailSeedFile] {
        let history = try RetailDataGenerator(parameters: RetailDataGenerator.exampleSeedParameters)
        return [
            RetailSeedFile(name: "countries.csv", contents: Array(RetailCatalog.countriesCSV.utf8)),
            RetailSeedFile(name: "product_categories.csv", contents: Array(RetailCatalog.productCategoriesCSV.utf8)),
            RetailSeedFile(name: "retail_history.csv", contents: history.csvBytes()),
        ]
    }

    /// Writes the seed files into `directory`, replacing files of the same names.
    public static func write(into directory: URL) throws {
        for file in try files() {
            try Data(file.contents).write(to: directory.appendingPathComponent(file.name), options: .atomic)
        }
    }
}
