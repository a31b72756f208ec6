extension RetailRow {
    /// The CSV header line, without its line break.
    public static let csvHeader =
        "invoice_no,stock_code,description,quantity,invoice_date,unit_price,customer_id,country"

    /// Appends the row as one CSV line ending in `\n` (RFC 4180 quoting: a field containing a comma, quote or
    /// line break is quoted, and its quotes are doubled).
    public func appendCSVLine(to bytes: inout [UInt8]) {
        if isCancellation {
            bytes.append(UInt8(ascii: "C"))
        }
        CSVBytes.appendInteger(invoiceNumber, to: &bytes)
        bytes.append(UInt8(ascii: ","))
        CSVBytes.appendField(stockCode, to: &bytes)
        bytes.append(UInt8(ascii: ","))
        CSVBytes.appendField(description, to: &bytes)
        bytes.append(UInt8(ascii: ","))
        CSVBytes.appendInteger(quantity, to: &bytes)
        bytes.append(UInt8(ascii: ","))
        appendTimestamp(to: &bytes)
        bytes.append(UInt8(ascii: ","))
        appendPrice(to: &bytes)
        bytes.append(UInt8(ascii: ","))
        if let customerID {
            CSVBytes.appendInteger(customerID, to: &bytes)
        }
        bytes.append(UInt8(ascii: ","))
        CSVBytes.appendField(country, to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
    }

    private func appendTimestamp(to bytes: inout [UInt8]) {
        let date = invoiceTimestamp.date
        CSVBytes.appendInteger(date.year, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        CSVBytes.appendTwoDigits(date.month, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        CSVBytes.appendTwoDigits(date.day, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        CSVBytes.appendTwoDigits(invoiceTimestamp.hour, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        CSVBytes.appendTwoDigits(invoiceTimestamp.minute, to: &bytes)
        bytes.append(contentsOf: ":00".utf8)
    }

    private func appendPrice(to bytes: inout [UInt8]) {
        if unitPriceCents < 0 {
            bytes.append(UInt8(ascii: "-"))
        }
        let magnitude = unitPriceCents.magnitude
        CSVBytes.appendInteger(Int(magnitude / 100), to: &bytes)
        bytes.append(UInt8(ascii: "."))
        CSVBytes.appendTwoDigits(Int(magnitude % 100), to: &bytes)
    }
}
