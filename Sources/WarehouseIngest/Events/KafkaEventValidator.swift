public import WarehouseCore

/// Checks events posted for a Kafka source against its declared columns, so that what `wh serve` produces is what
/// `wh ingest kafka` will store rather than reject.
///
/// A body is one JSON object or a list of them. Each event must hold a non-null value at every required column's
/// path (``KafkaSourceSettings/Column/isRequired``), and every value present must fit its column's type as ingest
/// reads it: a JSON number or a string of digits for integers (in range), of a number for numerics (fitting
/// precision and scale), `true`/`false` (or Postgres's words) for booleans, ISO 8601 for dates (`2026-12-05`) and
/// timestamps (`2026-12-05T10:00:00Z`, stricter than Postgres, which also reads `yesterday` and local styles), and
/// at most the declared length for `varchar(n)`. Fields that no column declares are kept as they are. Whole events
/// are refused when they are not UTF-8, hold `\u0000` (which `jsonb` refuses) or are larger than a Kafka message may
/// be. Pure: no broker, no database.
public struct KafkaEventValidator: Sendable {
    /// The most problems a rejection lists; the rest are counted.
    public static let maximumProblems = 100
    /// The largest event produced: librdkafka's default `message.max.bytes` (1,000,000) less room for the key and
    /// the record's framing.
    public static let maximumEventBytes = 990_000

    public let source: KafkaSourceSettings
    private let scanner: JSONPathScanner
    private let types: [DeclaredColumnType]
    /// Where the key path's value lands in a scan: after the columns'.
    private let keyIndex: Int?

    /// A validator for events of `source`.
    public init(source: KafkaSourceSettings) {
        self.source = source
        var paths = source.columns.map(\.pathComponents)
        if let key = source.key {
            keyIndex = paths.count
            paths.append(key.split(separator: ".").map(String.init))
        } else {
            keyIndex = nil
        }
        scanner = JSONPathScanner(paths: paths)
        types = source.columns.map { DeclaredColumnType(parsing: $0.type) }
    }

    /// The events of `body` in order, or every problem found; on a problem nothing of the body is to be produced.
    public func events(in body: [UInt8]) -> Result<[KafkaEvent], KafkaEventRejection> {
        func whole(_ reason: String) -> Result<[KafkaEvent], KafkaEventRejection> {
            .failure(
                KafkaEventRejection(
                    problems: [KafkaEventProblem(index: nil, field: nil, reason: reason)], total: 1, eventCount: 0,
                    invalidEventCount: 0))
        }
        guard String(validating: body, as: UTF8.self) != nil else { return whole("the body is not UTF-8 text") }
        let scanned: (isList: Bool, items: [JSONPathScanner.Item])
        do {
            scanned = try scanner.items(body)
        } catch {
            return whole("the body is not valid JSON: \(error.message) at byte \(error.offset)")
        }
        guard !scanned.items.isEmpty else { return whole("the list holds no event; post an object or a list of them") }
        var events: [KafkaEvent] = []
        events.reserveCapacity(scanned.items.count)
        var problems: [KafkaEventProblem] = []
        var total = 0
        var invalidEvents = 0
        for (index, item) in scanned.items.enumerated() {
            let found = self.problems(in: item, bytes: body)
            guard found.isEmpty else {
                invalidEvents += 1
                total += found.count
                let room = Self.maximumProblems - problems.count
                problems += found.prefix(max(0, room)).map {
                    KafkaEventProblem(index: index, field: $0.0, reason: $0.1)
                }
                continue
            }
            guard problems.isEmpty else { continue }
            events.append(
                KafkaEvent(value: Array(body[item.range]), key: keyIndex.flatMap { Self.text(item.values[$0]) }))
        }
        guard problems.isEmpty else {
            return .failure(
                KafkaEventRejection(
                    problems: problems, total: total, eventCount: scanned.items.count, invalidEventCount: invalidEvents)
            )
        }
        return .success(events)
    }

    /// The problems of one event as (field, reason).
    private func problems(in item: JSONPathScanner.Item, bytes: [UInt8]) -> [(String?, String)] {
        guard item.isObject else {
            return [(nil, "an event must be a JSON object, found \(Self.kind(of: bytes[item.range.lowerBound]))")]
        }
        if item.range.count > Self.maximumEventBytes {
            return [
                (
                    nil,
                    "the event is \(item.range.count) bytes, more than the \(Self.maximumEventBytes) a message may be"
                )
            ]
        }
        if Self.holdsNullCharacter(bytes[item.range]) {
            return [(nil, "the event holds \\u0000, which Postgres's jsonb cannot store")]
        }
        var found: [(String?, String)] = []
        for (position, column) in source.columns.enumerated() {
            guard let text = Self.text(item.values[position]) else {
                if column.isRequired {
                    let absent = item.values[position] == nil ? "missing" : "null"
                    found.append((column.path, "required, but \(absent)"))
                }
                continue
            }
            let problem: String? =
                text.isEmpty && Self.needsNonEmpty(types[position])
                ? "is empty"
                : text.withUnsafeBufferPointer { types[position].problem(with: $0) }
            if let problem {
                let shown = String(decoding: text.prefix(80), as: UTF8.self)
                found.append((column.path, "'\(shown)' \(problem) (column \(column.name) is \(column.type))"))
            }
        }
        return found
    }

    /// A found value's text as ingest reads it: a string's characters, other values' JSON text; nil for null or none.
    private static func text(_ value: JSONPathScanner.Value?) -> [UInt8]? {
        switch value {
        case nil, .null?: nil
        case .string(let string)?: Array(string.utf8)
        case .raw(let raw)?: Array(raw.utf8)
        }
    }

    /// Postgres refuses an empty string for every type but text.
    private static func needsNonEmpty(_ type: DeclaredColumnType) -> Bool {
        switch type {
        case .text, .unchecked: false
        default: true
        }
    }

    /// Whether the JSON text holds the escape `\u0000` (a backslash that is not itself escaped, then `u0000`).
    private static func holdsNullCharacter(_ bytes: ArraySlice<UInt8>) -> Bool {
        var backslashes = 0
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                backslashes += 1
            } else {
                if byte == UInt8(ascii: "u"), backslashes % 2 == 1, bytes[index...].starts(with: "u0000".utf8) {
                    return true
                }
                backslashes = 0
            }
            index += 1
        }
        return false
    }

    /// The kind of JSON value starting with `byte`, with an article.
    private static func kind(of byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "["): "a list"
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "a boolean"
        case UInt8(ascii: "n"): "null"
        default: "a number"
        }
    }
}
