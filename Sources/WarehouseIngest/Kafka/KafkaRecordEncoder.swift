import Foundation
import KafkaClient
import WarehouseCore

/// Turns messages into rows of `COPY ... (FORMAT text)`, or into rejects saying why they do not fit.
///
/// The checks here are the cheap ones: the payload is JSON (for `format: json`), and typed columns of integer,
/// numeric and boolean types hold such values. Anything finer (a timestamp Postgres cannot read, bytes that are not
/// UTF-8, a `\u0000` that `jsonb` refuses) is found by the server during COPY, and ``KafkaBatchWriter`` then
/// rejects that one row.
struct KafkaRecordEncoder {
    let source: KafkaSourceSettings
    private let scanner: JSONPathScanner
    /// Per typed column, its type when it is one checked here (numbers, booleans), as seeds and CSV ingest check it;
    /// `nil` leaves the value to Postgres.
    private let checkedTypes: [DeclaredColumnType?]

    init(source: KafkaSourceSettings) {
        self.source = source
        self.scanner = JSONPathScanner(paths: source.columns.map(\.pathComponents))
        self.checkedTypes = source.columns.map { column in
            let type = DeclaredColumnType(parsing: column.type)
            switch type {
            case .smallint, .integer, .bigint, .numeric, .real, .doublePrecision, .boolean: return type
            case .date, .timestamp, .text, .unchecked: return nil
            }
        }
    }

    /// A message that cannot be stored, and why.
    struct Rejection: Error, Hashable {
        var message: String
    }

    /// Appends the COPY text line of `record`, ending in a newline, to `line`; on a rejection, `line` is unchanged.
    func append(_ record: KafkaMessage, to line: inout [UInt8]) throws(Rejection) {
        let value = record.value
        guard !value.isEmpty else { throw Rejection(message: "the message has no value (a tombstone)") }
        var typed: [String?] = []
        if source.format == .json {
            let found: [JSONPathScanner.Value?]
            do {
                found = try scanner.scan(value)
            } catch {
                throw Rejection(message: "the payload is not valid JSON: \(error.message) at byte \(error.offset)")
            }
            typed.reserveCapacity(found.count)
            for (index, value) in found.enumerated() {
                typed.append(try Self.field(value, for: source.columns[index], checkedAs: checkedTypes[index]))
            }
        } else {
            typed = source.columns.map { _ in nil }
        }
        Self.appendEscaped(Array(record.topic.utf8), to: &line)
        Self.appendField(String(record.partition), to: &line)
        Self.appendField(String(record.offset), to: &line)
        line.append(UInt8(ascii: "\t"))
        if let key = record.key { Self.appendBytea(key, to: &line) } else { Self.appendNull(to: &line) }
        line.append(UInt8(ascii: "\t"))
        if record.headers.isEmpty { Self.appendNull(to: &line) } else { Self.appendHeaders(record.headers, to: &line) }
        Self.appendField(record.timestampMilliseconds.map(Self.timestamp(milliseconds:)), to: &line)
        line.append(UInt8(ascii: "\t"))
        Self.appendEscaped(value, to: &line)
        for field in typed { Self.appendField(field, to: &line) }
        line.append(UInt8(ascii: "\n"))
    }

    /// The text of a typed column, checked against its type where that is cheap.
    private static func field(
        _ value: JSONPathScanner.Value?, for column: KafkaSourceSettings.Column, checkedAs type: DeclaredColumnType?
    ) throws(Rejection) -> String? {
        let text: String
        switch value {
        case nil, .null?: return nil
        case .string(let string)?: text = string
        case .raw(let raw)?: text = raw
        }
        guard let type else { return text }
        // Postgres refuses an empty string for every type checked here.
        let utf8 = Array(text.utf8)
        let fits = !utf8.isEmpty && utf8.withUnsafeBufferPointer { type.problem(with: $0) } == nil
        guard fits else {
            throw Rejection(
                message: "\(column.name): '\(text.prefix(80))' at \(column.path) does not fit \(column.type)")
        }
        return text
    }

    /// `{"name": "value", ...}`, each value decoded as UTF-8 (with replacement characters where it is not), escaped
    /// for JSON as the generator's events are, and then for COPY.
    private static func appendHeaders(_ headers: [KafkaHeader], to line: inout [UInt8]) {
        var json: [UInt8] = [UInt8(ascii: "{")]
        for (position, header) in headers.enumerated() {
            if position > 0 { json.append(UInt8(ascii: ",")) }
            JSONBytes.appendString(header.name, to: &json)
            json.append(UInt8(ascii: ":"))
            if let value = header.value {
                JSONBytes.appendString(String(decoding: value, as: UTF8.self), to: &json)
            } else {
                json.append(contentsOf: "null".utf8)
            }
        }
        json.append(UInt8(ascii: "}"))
        appendEscaped(json, to: &line)
    }

    /// `\\x0a0b...`: bytea's hex input, with the backslash escaped for COPY.
    private static func appendBytea(_ bytes: [UInt8], to line: inout [UInt8]) {
        line.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\"), UInt8(ascii: "x")])
        line.append(contentsOf: bytes.lowercaseHex.utf8)
    }

    /// ISO 8601 in UTC with milliseconds, as `timestamptz` reads it.
    private static func timestamp(milliseconds: Int64) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(
            Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    /// A tab, then the field (`\N` for NULL).
    private static func appendField(_ field: String?, to line: inout [UInt8]) {
        line.append(UInt8(ascii: "\t"))
        guard let field else { return appendNull(to: &line) }
        appendEscaped(Array(field.utf8), to: &line)
    }

    private static func appendNull(to line: inout [UInt8]) {
        line.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
    }

    /// COPY text format: backslash, tab, newline and carriage return escaped; runs without them copied whole.
    private static func appendEscaped(_ bytes: [UInt8], to line: inout [UInt8]) {
        var runStart = 0
        for (index, byte) in bytes.enumerated() {
            let escape: UInt8
            switch byte {
            case UInt8(ascii: "\\"): escape = UInt8(ascii: "\\")
            case UInt8(ascii: "\t"): escape = UInt8(ascii: "t")
            case UInt8(ascii: "\n"): escape = UInt8(ascii: "n")
            case UInt8(ascii: "\r"): escape = UInt8(ascii: "r")
            default: continue
            }
            line.append(contentsOf: bytes[runStart..<index])
            line.append(contentsOf: [UInt8(ascii: "\\"), escape])
            runStart = index + 1
        }
        line.append(contentsOf: bytes[runStart...])
    }
}
