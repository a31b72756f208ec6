/// Checks that bytes are one JSON document and picks out the values at a few paths, in one pass and without
/// building the document.
///
/// Foundation's `JSONSerialization` builds a tree of `Any` for every message, which took most of ingest's time;
/// this scanner only follows the grammar (RFC 8259) and remembers where the wanted values are. It does not check
/// UTF-8 (Postgres does, and a message it refuses becomes a reject).
struct JSONPathScanner {
    /// A value found at a wanted path.
    enum Value: Equatable {
        case string(String)
        /// A number, `true`/`false`, or an object or array: its JSON text.
        case raw(String)
        case null
    }

    /// Why the bytes are not JSON: what was expected, and at which byte.
    struct Invalid: Error, Equatable {
        var message: String
        var offset: Int
    }

    /// The wanted paths: object keys as UTF-8, list indexes as numbers.
    private let paths: [[Component]]
    /// Documents nested deeper than this are refused rather than scanned recursively.
    private static let maximumDepth = 256

    enum Component {
        case key([UInt8])
        /// A path step that is all digits also matches a list index.
        case keyOrIndex([UInt8], Int)
    }

    init(paths: [[String]]) {
        self.paths = paths.map { path in
            path.map { step in
                Int(step).map { .keyOrIndex(Array(step.utf8), $0) } ?? .key(Array(step.utf8))
            }
        }
    }

    /// The values at the wanted paths (`nil` where a path leads nowhere), or why the bytes are not JSON.
    func scan(_ bytes: [UInt8]) throws(Invalid) -> [Value?] {
        try bytes.withUnsafeBufferPointer { (buffer) throws(Invalid) -> [Value?] in
            var cursor = Cursor(bytes: buffer, paths: paths)
            cursor.skipWhitespace()
            try cursor.value(matching: Array(paths.indices), depth: 0)
            cursor.skipWhitespace()
            guard cursor.index == buffer.count else { throw cursor.invalid("unexpected text after the document") }
            return cursor.found
        }
    }

    /// One document of ``items(_:)``: where its bytes are, and the values at the wanted paths inside it.
    struct Item: Equatable {
        var range: Range<Int>
        var values: [Value?]
        /// Whether the item is a JSON object (`{...}`).
        var isObject: Bool
    }

    /// The elements of a document that is a list, each scanned as a document of its own.
    ///
    /// Any other document is its one item; `isList` says which it was.
    func items(_ bytes: [UInt8]) throws(Invalid) -> (isList: Bool, items: [Item]) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(Invalid) -> (isList: Bool, items: [Item]) in
            var cursor = Cursor(bytes: buffer, paths: paths)
            cursor.skipWhitespace()
            let isList = cursor.index < buffer.count && buffer[cursor.index] == UInt8(ascii: "[")
            let items = try isList ? cursor.listItems() : [cursor.item()]
            cursor.skipWhitespace()
            guard cursor.index == buffer.count else { throw cursor.invalid("unexpected text after the document") }
            return (isList, items)
        }
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        let paths: [[Component]]
        var index = 0
        var found: [Value?]

        init(bytes: UnsafeBufferPointer<UInt8>, paths: [[Component]]) {
            self.bytes = bytes
            self.paths = paths
            self.found = Array(repeating: nil, count: paths.count)
        }

        func invalid(_ message: String) -> Invalid { Invalid(message: message, offset: index) }

        /// Scans one value as a document of its own: the wanted paths start at it.
        mutating func item() throws(Invalid) -> Item {
            found = Array(repeating: nil, count: paths.count)
            let start = index
            let isObject = index < bytes.count && bytes[index] == UInt8(ascii: "{")
            try value(matching: Array(paths.indices), depth: 0)
            return Item(range: start..<index, values: found, isObject: isObject)
        }

        /// Scans a list (the cursor is on its `[`), each element an ``item()``.
        mutating func listItems() throws(Invalid) -> [Item] {
            index += 1
            skipWhitespace()
            var items: [Item] = []
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return items
            }
            while true {
                skipWhitespace()
                items.append(try item())
                skipWhitespace()
                guard index < bytes.count else { throw invalid("the list is not closed") }
                if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return items
                }
                guard bytes[index] == UInt8(ascii: ",") else { throw invalid("expected ',' or ']'") }
                index += 1
            }
        }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        /// Scans one value; `matching` are the wanted paths whose first `depth` steps led here.
        mutating func value(matching: [Int], depth: Int) throws(Invalid) {
            guard depth < JSONPathScanner.maximumDepth else { throw invalid("nested too deeply") }
            guard index < bytes.count else { throw invalid("the document ends where a value should be") }
            let start = index
            let complete = matching.filter { paths[$0].count == depth }
            switch bytes[index] {
            case UInt8(ascii: "{"): try object(matching: matching, depth: depth)
            case UInt8(ascii: "["): try array(matching: matching, depth: depth)
            case UInt8(ascii: "\""):
                let text = try string(decoding: !complete.isEmpty)
                for path in complete { found[path] = .string(text ?? "") }
                return
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"):
                try literal("null")
                for path in complete { found[path] = .null }
                return
            default: try number()
            }
            guard !complete.isEmpty else { return }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            for path in complete { found[path] = .raw(text) }
        }

        private mutating func object(matching: [Int], depth: Int) throws(Invalid) {
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw invalid("expected a key") }
                let keyStart = index + 1
                _ = try string(decoding: false)
                let key = UnsafeBufferPointer(rebasing: bytes[keyStart..<(index - 1)])
                let deeper = matching.filter { path in
                    guard paths[path].count > depth else { return false }
                    switch paths[path][depth] {
                    case .key(let name), .keyOrIndex(let name, _): return name.elementsEqual(key)
                    }
                }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw invalid("expected ':'") }
                index += 1
                skipWhitespace()
                try value(matching: deeper, depth: depth + 1)
                skipWhitespace()
                guard index < bytes.count else { throw invalid("the object is not closed") }
                if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return
                }
                guard bytes[index] == UInt8(ascii: ",") else { throw invalid("expected ',' or '}'") }
                index += 1
            }
        }

        private mutating func array(matching: [Int], depth: Int) throws(Invalid) {
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return
            }
            var position = 0
            while true {
                skipWhitespace()
                let deeper = matching.filter { path in
                    guard paths[path].count > depth, case .keyOrIndex(_, let wanted) = paths[path][depth] else {
                        return false
                    }
                    return wanted == position
                }
                try value(matching: deeper, depth: depth + 1)
                skipWhitespace()
                guard index < bytes.count else { throw invalid("the list is not closed") }
                if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return
                }
                guard bytes[index] == UInt8(ascii: ",") else { throw invalid("expected ',' or ']'") }
                index += 1
                position += 1
            }
        }

        /// Scans a string (the cursor is on its opening quote); decodes it when asked.
        private mutating func string(decoding: Bool) throws(Invalid) -> String? {
            index += 1
            let start = index
            var escaped = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let body = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    index += 1
                    guard decoding else { return nil }
                    return escaped ? try Self.unescape(body, at: start) : String(decoding: body, as: UTF8.self)
                }
                guard byte >= 0x20 else { throw invalid("a control character inside a string") }
                if byte == UInt8(ascii: "\\") {
                    escaped = true
                    index += 1
                    guard index < bytes.count else { break }
                    switch bytes[index] {
                    case UInt8(ascii: "u"):
                        guard index + 4 < bytes.count,
                            (1...4).allSatisfy({ Self.hexValue(bytes[index + $0]) != nil })
                        else { throw invalid("a bad \\u escape") }
                        index += 4
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                        UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        break
                    default: throw invalid("a bad escape")
                    }
                }
                index += 1
            }
            throw invalid("the string is not closed")
        }

        private mutating func literal(_ word: StaticString) throws(Invalid) {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count,
                UnsafeBufferPointer(rebasing: bytes[index..<(index + count)]).elementsEqual(
                    UnsafeBufferPointer(start: word.utf8Start, count: count))
            else { throw invalid("expected a value") }
            index += count
        }

        /// Scans a number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
        private mutating func number() throws(Invalid) {
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, Self.isDigit(bytes[index]) else { throw invalid("expected a value") }
            if bytes[index] == UInt8(ascii: "0") { index += 1 } else { skipDigits() }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard index < bytes.count, Self.isDigit(bytes[index]) else { throw invalid("expected a digit") }
                skipDigits()
            }
            if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                    index += 1
                }
                guard index < bytes.count, Self.isDigit(bytes[index]) else { throw invalid("expected a digit") }
                skipDigits()
            }
        }

        private mutating func skipDigits() {
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }

        private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

        private static func hexValue(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
            default: nil
            }
        }

        /// The text of a string body with escapes; `\u` surrogate pairs are joined, lone surrogates refused.
        private static func unescape(_ body: UnsafeBufferPointer<UInt8>, at offset: Int) throws(Invalid) -> String {
            var scalars = String.UnicodeScalarView()
            var bytes: [UInt8] = []
            var index = 0
            func flush() {
                scalars.append(contentsOf: String(decoding: bytes, as: UTF8.self).unicodeScalars)
                bytes.removeAll(keepingCapacity: true)
            }
            func hex4(_ at: Int) -> UInt32 {
                (0..<4).reduce(0) { $0 << 4 | (hexValue(body[at + $1]) ?? 0) }
            }
            while index < body.count {
                guard body[index] == UInt8(ascii: "\\") else {
                    bytes.append(body[index])
                    index += 1
                    continue
                }
                index += 1
                let escape = body[index]
                index += 1
                switch escape {
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "u"):
                    var code = hex4(index)
                    index += 4
                    if (0xD800..<0xDC00).contains(code), index + 6 <= body.count, body[index] == UInt8(ascii: "\\"),
                        body[index + 1] == UInt8(ascii: "u")
                    {
                        let low = hex4(index + 2)
                        if (0xDC00..<0xE000).contains(low) {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            index += 6
                        }
                    }
                    guard let scalar = Unicode.Scalar(code) else {
                        throw Invalid(message: "a lone surrogate in a \\u escape", offset: offset + index)
                    }
                    flush()
                    scalars.append(scalar)
                default: bytes.append(escape)
                }
            }
            flush()
            return String(scalars)
        }
    }
}
