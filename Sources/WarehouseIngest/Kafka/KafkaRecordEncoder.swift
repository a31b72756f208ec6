import Foundation
import KafkaClient
import WarehouseCore

/// Turns messages into rows of `COPY ... (FORMAT text)`, or into rejects saying why they do not fit.
///
/// The checks here are the cheap ones: the payload is UTF-8 and (for `json`) JSON, and typed columns of integer,
/// numeric and boolean types hold such values. Anything finer (a timestamp Postgres cannot read, a `\u0000` that
/// `jsonb` refuses) is found by the server during COPY, and ``KafkaBatchWriter`` then rejects that one row.
struct KafkaRecordEncoder {
    let source: KafkaSourceSettings

    /// A message that cannot be stored, and why.
    struct Rejection: Error, Hashable {
        var message: String
    }

    /// The COPY text line of `record`, ending in a newline.
    func line(for record: KafkaMessage) throws(Rejection) -> [UInt8] {
        let value = record.value
        guard !value.isEmpty else { throw Rejection(message: "the message has no value (a tombstone)") }
        guard let payload = String(validating: value, as: UTF8.self) else {
            throw Rejection(message: "the payload is not valid UTF-8")
        }
        var fields: [String?] = [
            record.topic, String(record.partition), String(record.offset), record.key.map(Self.bytea),
            headersJSON(record.headers), record.timestampMilliseconds.map { Self.timestamp(milliseconds: $0) }, payload,
        ]
        if source.format == .json {
            let document: Any
            do {
                document = try JSONSerialization.jsonObject(with: Data(value), options: [.fragmentsAllowed])
            } catch {
                throw Rejection(message: "the payload is not valid JSON: \(Self.reason(error))")
            }
            for column in source.columns {
                fields.append(try Self.field(Self.value(at: column.pathComponents, in: document), for: column))
            }
        } else {
            fields += source.columns.map { _ in nil }
        }
        var line: [UInt8] = []
        line.reserveCapacity(value.count + 128)
        for (index, field) in fields.enumerated() {
            if index > 0 { line.append(UInt8(ascii: "\t")) }
            Self.appendEscaped(field, to: &line)
        }
        line.append(UInt8(ascii: "\n"))
        return line
    }

    /// The value at `path` (keys and list indexes) in a parsed JSON document; `nil` when a step is missing.
    private static func value(at path: [String], in document: Any) -> Any? {
        var current: Any? = document
        for step in path {
            switch current {
            case let object as [String: Any]: current = object[step]
            case let list as [Any]: current = Int(step).flatMap { list.indices.contains($0) ? list[$0] : nil }
            default: return nil
            }
        }
        return current
    }

    /// The text of a typed column, checked against its type where that is cheap.
    private static func field(_ value: Any?, for column: KafkaSourceSettings.Column) throws(Rejection) -> String? {
        guard let value, !(value is NSNull) else { return nil }
        let type = column.type.lowercased()
        let text: String
        switch value {
        // JSONSerialization gives booleans as NSNumbers of Objective-C type `c` (char).
        case let number as NSNumber where String(cString: number.objCType) == "c":
            text = number.boolValue ? "true" : "false"
        case let number as NSNumber: text = number.stringValue
        case let string as String: text = string
        default:
            guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) else {
                throw Rejection(
                    message: "\(column.name): the value at \(column.path) is not JSON")
            }
            text = String(decoding: data, as: UTF8.self)
        }
        let fits: Bool
        switch type {
        case "integer", "int", "int4", "bigint", "int8", "smallint", "int2":
            fits = Int64(text) != nil
        case "numeric", "decimal", "real", "double precision", "float8", "float4":
            fits = Double(text) != nil
        case "boolean", "bool":
            fits = ["true", "false", "t", "f", "1", "0"].contains(text.lowercased())
        default:
            fits = !type.hasPrefix("numeric(") || Double(text) != nil
        }
        guard fits else {
            throw Rejection(
                message:
                    "\(column.name): '\(text.prefix(80))' at \(column.path) does not fit \(column.type)"
            )
        }
        return text
    }

    /// `{"name": "value", ...}`; a header value that is not UTF-8 is kept with replacement characters.
    private func headersJSON(_ headers: [KafkaHeader]) -> String? {
        guard !headers.isEmpty else { return nil }
        var object: [String: Any] = [:]
        for header in headers {
            object[header.name] = header.value.map { String(decoding: $0, as: UTF8.self) } ?? NSNull()
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// `\x0a0b...`, bytea's hex input.
    private static func bytea(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = Array("\\x".utf8)
        text.reserveCapacity(2 + bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// ISO 8601 in UTC with milliseconds, as `timestamptz` reads it.
    private static func timestamp(milliseconds: Int64) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(
            Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
    }

    /// COPY text format: `\N` for NULL; backslash, tab, newline and carriage return escaped.
    private static func appendEscaped(_ field: String?, to line: inout [UInt8]) {
        guard let field else {
            line.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
            return
        }
        for byte in field.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): line.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\t"): line.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case UInt8(ascii: "\n"): line.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): line.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            default: line.append(byte)
            }
        }
    }
}
