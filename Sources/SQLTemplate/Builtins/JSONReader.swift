/// Python's `json.loads` into template values.
///
/// Objects keep their key order, integers stay integers (beyond 64 bits too), `null` is None. Nil for text that is
/// not one JSON document.
public enum JSONReader {
    public static func read(_ text: String) -> Value? {
        var reader = Cursor(scalars: Array(text.unicodeScalars))
        guard let value = reader.value() else { return nil }
        reader.skipWhitespace()
        return reader.index == reader.scalars.count ? value : nil
    }

    private struct Cursor {
        let scalars: [Unicode.Scalar]
        var index = 0

        mutating func skipWhitespace() {
            while index < scalars.count, " \t\n\r".unicodeScalars.contains(scalars[index]) { index += 1 }
        }

        mutating func value() -> Value? {
            skipWhitespace()
            guard index < scalars.count else { return nil }
            switch scalars[index] {
            case "{": return object()
            case "[": return array()
            case "\"": return string().map(Value.string)
            case "t": return word("true", .bool(true))
            case "f": return word("false", .bool(false))
            case "n": return word("null", .none)
            case "N": return word("NaN", .double(.nan))
            case "I": return word("Infinity", .double(.infinity))
            default: return number()
            }
        }

        private mutating func word(_ text: String, _ value: Value) -> Value? {
            let expected = Array(text.unicodeScalars)
            guard index + expected.count <= scalars.count, Array(scalars[index..<index + expected.count]) == expected
            else { return nil }
            index += expected.count
            return value
        }

        private mutating func object() -> Value? {
            index += 1
            let storage = DictStorage()
            skipWhitespace()
            if index < scalars.count, scalars[index] == "}" {
                index += 1
                return .dict(storage)
            }
            while true {
                skipWhitespace()
                guard index < scalars.count, scalars[index] == "\"", let key = string() else { return nil }
                skipWhitespace()
                guard index < scalars.count, scalars[index] == ":" else { return nil }
                index += 1
                guard let item = value() else { return nil }
                storage[key] = item
                skipWhitespace()
                guard index < scalars.count else { return nil }
                index += 1
                if scalars[index - 1] == "}" { return .dict(storage) }
                guard scalars[index - 1] == "," else { return nil }
            }
        }

        private mutating func array() -> Value? {
            index += 1
            var items: [Value] = []
            skipWhitespace()
            if index < scalars.count, scalars[index] == "]" {
                index += 1
                return .list(items)
            }
            while true {
                guard let item = value() else { return nil }
                items.append(item)
                skipWhitespace()
                guard index < scalars.count else { return nil }
                index += 1
                if scalars[index - 1] == "]" { return .list(items) }
                guard scalars[index - 1] == "," else { return nil }
            }
        }

        private mutating func string() -> String? {
            index += 1
            var result = String.UnicodeScalarView()
            while index < scalars.count {
                let scalar = scalars[index]
                index += 1
                switch scalar {
                case "\"": return String(result)
                case "\\":
                    guard index < scalars.count else { return nil }
                    let escape = scalars[index]
                    index += 1
                    let simple: [Unicode.Scalar: Unicode.Scalar] = [
                        "\"": "\"", "\\": "\\", "/": "/", "b": "\u{8}", "f": "\u{C}", "n": "\n", "r": "\r", "t": "\t",
                    ]
                    if let replacement = simple[escape] {
                        result.append(replacement)
                    } else if escape == "u", let unit = hexUnit() {
                        if (0xD800..<0xDC00).contains(unit), index + 1 < scalars.count, scalars[index] == "\\",
                            scalars[index + 1] == "u"
                        {
                            index += 2
                            guard let low = hexUnit(), (0xDC00..<0xE000).contains(low),
                                let combined = Unicode.Scalar(0x10000 + (unit - 0xD800) << 10 + (low - 0xDC00))
                            else { return nil }
                            result.append(combined)
                        } else {
                            result.append(Unicode.Scalar(unit) ?? "\u{FFFD}")
                        }
                    } else {
                        return nil
                    }
                default:
                    guard scalar.value >= 0x20 else { return nil }
                    result.append(scalar)
                }
            }
            return nil
        }

        private mutating func hexUnit() -> UInt32? {
            guard index + 4 <= scalars.count,
                let unit = UInt32(String(String.UnicodeScalarView(scalars[index..<index + 4])), radix: 16)
            else { return nil }
            index += 4
            return unit
        }

        private mutating func number() -> Value? {
            let start = index
            if index < scalars.count, scalars[index] == "-" { index += 1 }
            if word("Infinity", .none) != nil { return .double(-.infinity) }
            var isInteger = true
            while index < scalars.count, "0123456789.eE+-".unicodeScalars.contains(scalars[index]) {
                if !("0"..."9").contains(scalars[index]) { isInteger = false }
                index += 1
            }
            let text = String(String.UnicodeScalarView(scalars[start..<index]))
            if isInteger, let big = BigInteger(decimal: Substring(text)) { return .integer(big) }
            return Double(text).map(Value.double)
        }
    }
}
