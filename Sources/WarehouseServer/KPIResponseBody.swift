import Foundation
import PostgresClient

/// A page of KPI rows written as the contract's JSON or as CSV, values in Postgres's own text.
///
/// Numbers keep the server's exact digits (`numeric` is never read into a `Double`); dates are ISO-8601 as Postgres
/// writes them under `DateStyle = ISO`, timestamps with a `T`, and `timestamptz` in UTC with `Z` (the runner sets
/// the time zone to UTC).
struct KPIResponseBody {
    var kpi: String
    var builtAt: Date?
    var rows: KPIQueryRunner.Rows
    /// Rows of this page: the result may hold one more, which only says a next page exists.
    var pageRows: Int
    var limit: Int
    var offset: Int
    var next: String?

    func json() -> [UInt8] {
        let result = rows.result
        var json = JSONText(capacity: 256 + pageRows * result.columns.count * 12)
        json.raw("{\"kpi\":")
        json.string(kpi)
        json.raw(",\"built_at\":")
        json.optionalString(builtAt.map(UTCTimestamp.iso8601))
        json.raw(",\"columns\":[")
        for (index, name) in result.columns.enumerated() {
            json.raw(index == 0 ? "{\"name\":" : ",{\"name\":")
            json.string(name)
            json.raw(",\"type\":")
            json.string(rows.typeNames[index])
            json.raw("}")
        }
        json.raw("],\"rows\":[")
        let kinds = result.columnTypeOIDs.map(ValueKind.init)
        for row in 0..<pageRows {
            json.raw(row == 0 ? "[" : ",[")
            for column in 0..<result.columns.count {
                if column > 0 { json.raw(",") }
                guard let text = result.string(row: row, column: column) else {
                    json.raw("null")
                    continue
                }
                switch kinds[column] {
                case .number where Self.isJSONNumber(text): json.raw(text)
                case .boolean: json.raw(text == "t" ? "true" : "false")
                case .json: json.raw(text)
                case .timestamp: json.string(Self.isoTimestamp(text))
                case .number, .text: json.string(text)
                }
            }
            json.raw("]")
        }
        json.raw("],\"limit\":\(limit),\"offset\":\(offset),\"next\":")
        json.optionalString(next)
        json.raw("}\n")
        return json.bytes
    }

    /// RFC 4180: a header row, then the rows; fields with `,`, `"`, CR or LF quoted, quotes doubled; NULL empty.
    func csv() -> [UInt8] {
        let result = rows.result
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128 + pageRows * result.columns.count * 10)
        func field(_ text: String) {
            if text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                bytes.append(0x22)
                for byte in text.utf8 {
                    if byte == 0x22 { bytes.append(0x22) }
                    bytes.append(byte)
                }
                bytes.append(0x22)
            } else {
                bytes.append(contentsOf: text.utf8)
            }
        }
        func line(_ fields: [String?]) {
            for (index, value) in fields.enumerated() {
                if index > 0 { bytes.append(0x2C) }
                if let value { field(value) }
            }
            bytes.append(contentsOf: [0x0D, 0x0A])
        }
        line(result.columns)
        let kinds = result.columnTypeOIDs.map(ValueKind.init)
        for row in 0..<pageRows {
            line(
                (0..<result.columns.count).map { column in
                    result.string(row: row, column: column).map { text in
                        switch kinds[column] {
                        case .boolean: return text == "t" ? "true" : "false"
                        case .timestamp: return Self.isoTimestamp(text)
                        case .number, .json, .text: return text
                        }
                    }
                })
        }
        return bytes
    }

    /// How a column's values are written.
    private enum ValueKind {
        case number, boolean, json, timestamp, text

        init(_ oid: UInt32) {
            switch oid {
            case 20, 21, 23, 26, 700, 701, 1700: self = .number
            case 16: self = .boolean
            case 114, 3802: self = .json
            case 1114, 1184: self = .timestamp
            default: self = .text
            }
        }
    }

    /// `NaN` and the infinities of floats and `numeric` are no JSON numbers; they are written as strings.
    private static func isJSONNumber(_ text: String) -> Bool {
        guard let first = text.utf8.first, first == UInt8(ascii: "-") || (0x30...0x39).contains(first) else {
            return false
        }
        return !text.hasSuffix("Infinity")
    }

    /// `2024-01-01 10:00:00` as `2024-01-01T10:00:00`, and a UTC offset `+00` as `Z`.
    static func isoTimestamp(_ text: String) -> String {
        var bytes = Array(text.utf8)
        if bytes.count > 10, bytes[10] == UInt8(ascii: " ") { bytes[10] = UInt8(ascii: "T") }
        if bytes.count > 3, bytes.suffix(3) == [UInt8(ascii: "+"), UInt8(ascii: "0"), UInt8(ascii: "0")] {
            bytes.removeLast(3)
            bytes.append(UInt8(ascii: "Z"))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
