public import SQLTemplate

/// A JSON document written with sorted keys, so artifacts (`manifest.json`, `run_results.json`) are stable
/// between runs and diffable.
///
/// Ours rather than Foundation's `JSONSerialization`, whose sorted-keys mode on Linux compares keys through ICU
/// collation and took most of `wh compile`'s time on large projects.
public indirect enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    /// The text, pretty-printed with two-space indents when `pretty`, else on one line.
    public func serialized(pretty: Bool = false) -> String {
        String(decoding: serializedBytes(pretty: pretty), as: UTF8.self)
    }

    /// The UTF-8 text; building bytes rather than a String keeps a 50 MB manifest fast to write.
    public func serializedBytes(pretty: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        write(into: &output, pretty: pretty, depth: 0)
        return output
    }

    private func write(into output: inout [UInt8], pretty: Bool, depth: Int) {
        switch self {
        case .null: output += "null".utf8
        case .bool(let value): output += (value ? "true" : "false").utf8
        case .int(let value): output += String(value).utf8
        case .double(let value): output += (value.isFinite ? String(value) : "null").utf8
        case .string(let value): Self.writeString(value, into: &output)
        case .array(let values):
            writeContainer(open: "[", close: "]", count: values.count, into: &output, pretty: pretty, depth: depth) {
                index, output in values[index].write(into: &output, pretty: pretty, depth: depth + 1)
            }
        case .object(let members):
            // String's `<` orders by Unicode scalars, the same order as UTF-8 bytes, and is much faster than
            // comparing the byte views.
            let keys = members.keys.sorted()
            writeContainer(open: "{", close: "}", count: keys.count, into: &output, pretty: pretty, depth: depth) {
                index, output in
                Self.writeString(keys[index], into: &output)
                output += (pretty ? ": " : ":").utf8
                members[keys[index]]?.write(into: &output, pretty: pretty, depth: depth + 1)
            }
        }
    }

    private func writeContainer(
        open: String, close: String, count: Int, into output: inout [UInt8], pretty: Bool, depth: Int,
        element: (Int, inout [UInt8]) -> Void
    ) {
        output += open.utf8
        guard count > 0 else {
            output += close.utf8
            return
        }
        let indent = pretty ? "\n" + String(repeating: "  ", count: depth + 1) : ""
        for index in 0..<count {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output += indent.utf8
            element(index, &output)
        }
        output += (pretty ? "\n" + String(repeating: "  ", count: depth) : "").utf8
        output += close.utf8
    }

    private static func writeString(_ value: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { bytes in
            // Copy runs of bytes that need no escaping in one go; most strings are one such run.
            var runStart = 0
            for (index, byte) in bytes.enumerated() {
                let escape: String?
                switch byte {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case UInt8(ascii: "\n"): escape = "\\n"
                case UInt8(ascii: "\r"): escape = "\\r"
                case UInt8(ascii: "\t"): escape = "\\t"
                case 0..<0x20:
                    let hex = String(byte, radix: 16)
                    escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: escape = nil
                }
                guard let escape else { continue }
                output.append(contentsOf: bytes[runStart..<index])
                output.append(contentsOf: escape.utf8)
                runStart = index + 1
            }
            output.append(contentsOf: bytes[runStart...])
        }
        output.append(UInt8(ascii: "\""))
    }

}

extension JSON {
    /// A configuration value as JSON.
    public init(_ literal: Literal) {
        switch literal {
        case .none: self = .null
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .int(value)
        case .double(let value): self = .double(value)
        case .string(let value): self = .string(value)
        case .list(let values): self = .array(values.map(JSON.init))
        case .dict(let pairs): self = .object(Dictionary(pairs.map { ($0.key, JSON($0.value)) }) { _, last in last })
        }
    }

    /// A string, or null when absent.
    public init(_ value: String?) {
        self = value.map(JSON.string) ?? .null
    }

    /// An array of strings.
    public init(_ values: [String]) {
        self = .array(values.map(JSON.string))
    }
}
