/// A JSON document written with sorted keys, so output for scripts (`wh ls --output json`) is stable between runs
/// and diffable.
///
/// Ours rather than Foundation's `JSONSerialization`, whose sorted-keys mode on Linux compares keys through ICU
/// collation. It spells text as `JSONOutput` does, the writer `manifest.json` is written with.
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
        var output = JSONOutput()
        write(into: &output, pretty: pretty, depth: 0)
        return [UInt8](output.data())
    }

    private func write(into output: inout JSONOutput, pretty: Bool, depth: Int) {
        switch self {
        case .null: output.null()
        case .bool(let value): output.bool(value)
        case .int(let value): output.int(value)
        case .double(let value): output.double(value)
        case .string(let value): output.string(value)
        case .array(let values):
            writeContainer(open: "[", close: "]", count: values.count, into: &output, pretty: pretty, depth: depth) {
                index, output in values[index].write(into: &output, pretty: pretty, depth: depth + 1)
            }
        case .object(let members):
            let keys = members.keys.sorted()
            writeContainer(open: "{", close: "}", count: keys.count, into: &output, pretty: pretty, depth: depth) {
                index, output in
                output.string(keys[index])
                output.raw(pretty ? ": " : ":")
                members[keys[index]]?.write(into: &output, pretty: pretty, depth: depth + 1)
            }
        }
    }

    private func writeContainer(
        open: StaticString, close: StaticString, count: Int, into output: inout JSONOutput, pretty: Bool, depth: Int,
        element: (Int, inout JSONOutput) -> Void
    ) {
        output.raw(open)
        guard count > 0 else { return output.raw(close) }
        for index in 0..<count {
            if index > 0 { output.raw(",") }
            if pretty { output.newline(indent: depth + 1) }
            element(index, &output)
        }
        if pretty { output.newline(indent: depth) }
        output.raw(close)
    }
}

extension JSON {
    /// A string, or null when absent.
    public init(_ value: String?) {
        self = value.map(JSON.string) ?? .null
    }

    /// An array of strings.
    public init(_ values: [String]) {
        self = .array(values.map(JSON.string))
    }
}
