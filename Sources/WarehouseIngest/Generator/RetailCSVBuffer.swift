/// A sink that encodes rows as CSV into memory.
public struct RetailCSVBuffer: RetailRowSink {
    public typealias Failure = Never

    /// The CSV so far: the header line (when asked for) and one line per consumed row.
    public private(set) var bytes: [UInt8] = []

    public init(includeHeader: Bool = true) {
        if includeHeader {
            bytes.append(contentsOf: RetailRow.csvHeader.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
    }

    public mutating func consume(_ row: RetailRow) {
        row.appendCSVLine(to: &bytes)
    }

    /// Returns the bytes so far and empties the buffer, keeping its capacity for the next chunk.
    public mutating func drain() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }
}
