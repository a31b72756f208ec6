extension OrderEvent {
    /// The event as JSON with keys in a fixed order; cut short for `.invalidJSON`, a word quantity for `.wrongType`.
    public var json: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(384)
        bytes.append(contentsOf: #"{"event_id":"#.utf8)
        JSONBytes.appendString(eventID, to: &bytes)
        bytes.append(contentsOf: #","order_id":"#.utf8)
        JSONBytes.appendString(orderID, to: &bytes)
        bytes.append(contentsOf: #","customer_id":"#.utf8)
        CSVBytes.appendInteger(customerID, to: &bytes)
        bytes.append(contentsOf: #","customer_email":"#.utf8)
        JSONBytes.appendString(customerEmail, to: &bytes)
        bytes.append(contentsOf: #","country":"#.utf8)
        JSONBytes.appendString(country, to: &bytes)
        bytes.append(contentsOf: #","lines":["#.utf8)
        for (index, line) in lines.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: #"{"sku":"#.utf8)
            JSONBytes.appendString(line.sku, to: &bytes)
            bytes.append(contentsOf: #","name":"#.utf8)
            JSONBytes.appendString(line.name, to: &bytes)
            bytes.append(contentsOf: #","quantity":"#.utf8)
            if index == 0 && defect == .wrongType {
                JSONBytes.appendString(Self.word(for: line.quantity), to: &bytes)
            } else {
                CSVBytes.appendInteger(line.quantity, to: &bytes)
            }
            bytes.append(contentsOf: #","unit_price":"#.utf8)
            Self.appendPrice(line.unitPriceCents, to: &bytes)
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(contentsOf: #"],"status":"#.utf8)
        JSONBytes.appendString(status.rawValue, to: &bytes)
        bytes.append(contentsOf: #","occurred_at":"#.utf8)
        JSONBytes.appendString(occurredAt, to: &bytes)
        bytes.append(UInt8(ascii: "}"))
        if defect == .invalidJSON { bytes.removeLast(bytes.count / 3) }
        return bytes
    }

    /// The CSV header of ``appendCSVRows(to:)``.
    public static let csvHeader =
        "event_id,order_id,customer_id,customer_email,country,status,occurred_at,line_number,sku,name,quantity,unit_price"

    /// Appends one CSV row per line (line numbers from 1), each ending in `\n`; a `.wrongType` event has a word for
    /// its first quantity, an `.invalidJSON` one a first row cut after its fourth field.
    public func appendCSVRows(to bytes: inout [UInt8]) {
        for (index, line) in lines.enumerated() {
            for field in [eventID, orderID] {
                CSVBytes.appendField(field, to: &bytes)
                bytes.append(UInt8(ascii: ","))
            }
            CSVBytes.appendInteger(customerID, to: &bytes)
            bytes.append(UInt8(ascii: ","))
            CSVBytes.appendField(customerEmail, to: &bytes)
            if index == 0 && defect == .invalidJSON {
                bytes.append(UInt8(ascii: "\n"))
                continue
            }
            for field in [country, status.rawValue, occurredAt] {
                bytes.append(UInt8(ascii: ","))
                CSVBytes.appendField(field, to: &bytes)
            }
            bytes.append(UInt8(ascii: ","))
            CSVBytes.appendInteger(index + 1, to: &bytes)
            for field in [line.sku, line.name] {
                bytes.append(UInt8(ascii: ","))
                CSVBytes.appendField(field, to: &bytes)
            }
            bytes.append(UInt8(ascii: ","))
            if index == 0 && defect == .wrongType {
                bytes.append(contentsOf: Self.word(for: line.quantity).utf8)
            } else {
                CSVBytes.appendInteger(line.quantity, to: &bytes)
            }
            bytes.append(UInt8(ascii: ","))
            Self.appendPrice(line.unitPriceCents, to: &bytes)
            bytes.append(UInt8(ascii: "\n"))
        }
    }

    /// Cents as a decimal with two places: 255 → `2.55`.
    private static func appendPrice(_ cents: Int, to bytes: inout [UInt8]) {
        CSVBytes.appendInteger(cents / 100, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        CSVBytes.appendTwoDigits(cents % 100, to: &bytes)
    }

    private static let words = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    ]

    private static func word(for number: Int) -> String {
        words.indices.contains(number) ? words[number] : "many"
    }
}

/// JSON string formatting straight into bytes.
enum JSONBytes {
    /// Appends `text` as a JSON string: quoted, with quotes, backslashes and control characters escaped.
    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: #"\u00"#.utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
