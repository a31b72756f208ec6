import Foundation
import SQLTemplate

/// JSON text written straight into UTF-8 bytes, spelled the way every artifact `wh` writes spells it: strings
/// escape only `"`, `\` and control characters (non-ASCII is written as is), objects have their keys sorted.
///
/// Writing bytes directly, rather than building a `JSON` tree first, keeps a 30 MB manifest from allocating a
/// dictionary per node and a string per value; the buffer is its own (not an `Array`) because the manifest
/// appends tens of millions of short pieces, and an `Array` checks uniqueness and capacity for each.
struct JSONOutput: ~Copyable {
    // malloc'd, so `data()` can hand the bytes to `Data` without copying them.
    private var start: UnsafeMutablePointer<UInt8>
    /// The number of bytes written.
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = max(capacity, 16)
        start = Self.allocate(nil, self.capacity)
    }

    deinit { free(start) }

    /// The text written, handed over without a copy.
    consuming func data() -> Data {
        let (start, count) = (start, count)
        discard self
        return Data(bytesNoCopy: start, count: count, deallocator: .free)
    }

    /// Takes back the last `count` bytes written.
    mutating func removeLast(_ count: Int) {
        precondition(count >= 0 && count <= self.count, "cannot take back \(count) of \(self.count) bytes")
        self.count -= count
    }

    /// Appends text that needs no escaping: punctuation, numbers, keys the caller spells out.
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    /// Appends one byte that needs no escaping.
    mutating func byte(_ value: UInt8) {
        reserve(1)
        start[count] = value
        count += 1
    }

    mutating func null() { raw("null") }

    mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }

    mutating func int(_ value: Int) { ascii(String(value)) }

    /// A finite number as Swift prints it (`1.5`, `1e-05`); NaN and infinities, which JSON cannot spell, as null.
    mutating func double(_ value: Double) {
        guard value.isFinite else { return null() }
        ascii(String(value))
    }

    /// A quoted string.
    mutating func string(_ value: String) {
        if value.utf8.withContiguousStorageIfAvailable({ appendQuoted($0) }) == nil {
            Array(value.utf8).withUnsafeBufferPointer { appendQuoted($0) }
        }
    }

    /// A quoted string, or null when absent.
    mutating func string(_ value: String?) {
        guard let value else { return null() }
        string(value)
    }

    /// An array of quoted strings.
    mutating func strings(_ values: some Sequence<String>) {
        array(values) { $0.string($1) }
    }

    /// An array whose elements `element` writes.
    mutating func array<Elements: Sequence>(_ values: Elements, _ element: (inout JSONOutput, Elements.Element) -> Void)
    {
        byte(UInt8(ascii: "["))
        var first = true
        for value in values {
            if !first { byte(UInt8(ascii: ",")) }
            first = false
            element(&self, value)
        }
        byte(UInt8(ascii: "]"))
    }

    /// Which member a key that occurs more than once keeps, as building a `Dictionary` from the members would.
    enum DuplicateKeys {
        case firstWins
        case lastWins
    }

    /// An object of `members` with keys in sorted order (String's `<`, which orders by Unicode scalars like
    /// the UTF-8 bytes do), one member per distinct key.
    mutating func object<Members: RandomAccessCollection>(
        _ members: Members, key: (Members.Element) -> String, duplicates: DuplicateKeys,
        value: (inout JSONOutput, Members.Element) -> Void
    ) where Members.Index == Int {
        byte(UInt8(ascii: "{"))
        if members.count == 1, let member = members.first {
            string(key(member))
            byte(UInt8(ascii: ":"))
            value(&self, member)
        } else if members.count > 1 {
            // Equal keys sort next to each other in written order; the run's first key names the member, as a
            // Dictionary keeps the key it first saw.
            let order = members.indices.sorted { lhs, rhs in
                let (left, right) = (key(members[lhs]), key(members[rhs]))
                return left < right || (left == right && lhs < rhs)
            }
            var runStart = 0
            while runStart < order.count {
                let name = key(members[order[runStart]])
                var runEnd = runStart + 1
                while runEnd < order.count, key(members[order[runEnd]]) == name { runEnd += 1 }
                if runStart > 0 { byte(UInt8(ascii: ",")) }
                string(name)
                byte(UInt8(ascii: ":"))
                value(&self, members[order[duplicates == .firstWins ? runStart : runEnd - 1]])
                runStart = runEnd
            }
        }
        byte(UInt8(ascii: "}"))
    }

    /// A configuration value; a dict's keys are sorted and a repeated key keeps its last value.
    mutating func literal(_ value: Literal) {
        switch value {
        case .none: null()
        case .bool(let value): bool(value)
        case .int(let value): int(value)
        case .double(let value): double(value)
        case .string(let value): string(value)
        case .list(let values): array(values) { $0.literal($1) }
        case .dict(let pairs): object(pairs, key: \.key, duplicates: .lastWins) { $0.literal($1.value) }
        }
    }

    /// A line break and `depth` two-space indents, for pretty-printed text.
    mutating func newline(indent depth: Int) {
        reserve(1 + 2 * depth)
        start[count] = UInt8(ascii: "\n")
        (start + count + 1).initialize(repeating: UInt8(ascii: " "), count: 2 * depth)
        count += 1 + 2 * depth
    }

    private mutating func ascii(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    private mutating func append(_ source: UnsafeBufferPointer<UInt8>) {
        guard let base = source.baseAddress else { return }
        reserve(source.count)
        (start + count).initialize(from: base, count: source.count)
        count += source.count
    }

    /// `utf8` in quotes, escaped.
    private mutating func appendQuoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        // Room for the worst case (every byte a `\u00XX` escape) up front, so the loops write without checks.
        reserve(utf8.count * 6 + 2)
        var output = start + count
        output.pointee = UInt8(ascii: "\"")
        output += 1
        if let input = utf8.baseAddress {
            var index = 0
            // Eight bytes at a time: most text has nothing to escape for long stretches.
            while index + 8 <= utf8.count {
                let word = UnsafeRawPointer(input + index).loadUnaligned(as: UInt64.self)
                if Self.needsEscape(word) {
                    for offset in index..<index + 8 { Self.write(input[offset], to: &output) }
                } else {
                    UnsafeMutableRawPointer(output).storeBytes(of: word, as: UInt64.self)
                    output += 8
                }
                index += 8
            }
            for offset in index..<utf8.count { Self.write(input[offset], to: &output) }
        }
        output.pointee = UInt8(ascii: "\"")
        count = output + 1 - start
    }

    /// Whether any of the eight bytes is a control character, `"` or `\`, by the bit tricks that find a byte
    /// below a bound or a zero byte in a word (exact about whether there is one).
    private static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        func hasByteBelow(_ word: UInt64, _ bound: UInt8) -> Bool {
            (word &- ones &* UInt64(bound)) & ~word & highBits != 0
        }
        return hasByteBelow(word, 0x20) || hasByteBelow(word ^ (ones &* UInt64(UInt8(ascii: "\""))), 1)
            || hasByteBelow(word ^ (ones &* UInt64(UInt8(ascii: "\\"))), 1)
    }

    /// Writes one byte of a string, escaped if it must be.
    private static func write(_ byte: UInt8, to output: inout UnsafeMutablePointer<UInt8>) {
        guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
            output.pointee = byte
            output += 1
            return
        }
        output[0] = UInt8(ascii: "\\")
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): output[1] = byte
        case UInt8(ascii: "\n"): output[1] = UInt8(ascii: "n")
        case UInt8(ascii: "\r"): output[1] = UInt8(ascii: "r")
        case UInt8(ascii: "\t"): output[1] = UInt8(ascii: "t")
        default:
            output[1] = UInt8(ascii: "u")
            output[2] = UInt8(ascii: "0")
            output[3] = UInt8(ascii: "0")
            output[4] = hexDigit(byte >> 4)
            output[5] = hexDigit(byte & 0xF)
            output += 4
        }
        output += 2
    }

    private mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        capacity = max(count + extra, capacity * 2)
        start = Self.allocate(start, capacity)
    }

    private static func allocate(_ memory: UnsafeMutablePointer<UInt8>?, _ capacity: Int) -> UnsafeMutablePointer<UInt8>
    {
        guard let memory = realloc(memory, capacity) else { fatalError("out of memory for \(capacity) bytes of JSON") }
        return memory.assumingMemoryBound(to: UInt8.self)
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
