extension RetailCatalog {
    /// `countries.csv`: `country,region`, one line per country in catalog order.
    public static var countriesCSV: String {
        csv(header: ["country", "region"], rows: countries.map { [$0.name, $0.region] })
    }

    /// `product_categories.csv`: `stock_code,category`, sorted by stock code; products without a category are
    /// left out on purpose, so the warehouse must handle a stock code the seed does not know.
    public static var productCategoriesCSV: String {
        let rows = products.compactMap { product in product.category.map { [product.stockCode, $0] } }
        return csv(header: ["stock_code", "category"], rows: rows.sorted { $0[0] < $1[0] })
    }

    private static func csv(header: [String], rows: [[String]]) -> String {
        var bytes: [UInt8] = []
        for fields in [header] + rows {
            for (index, field) in fields.enumerated() {
                if index > 0 {
                    bytes.append(UInt8(ascii: ","))
                }
                CSVBytes.appendField(field, to: &bytes)
            }
            bytes.append(UInt8(ascii: "\n"))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
