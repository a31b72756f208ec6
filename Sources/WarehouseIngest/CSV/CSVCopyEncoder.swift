/// Builds COPY data from CSV records as written: each record's own bytes (already checked to be CSV that
/// Postgres reads the same way), then the file id and line number, then a line feed.
///
/// It holds one buffer of about `capacity` bytes and hands it to `flush` whenever it fills, so memory stays
/// constant whatever the file's size. Copying the record's bytes as they are avoids re-quoting its fields.
struct CSVCopyEncoder: ~Copyable {
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var count = 0
    /// `<delimiter><file id><delimiter>`, written after every record.
    private let fileIDSuffix: [UInt8]

    init(capacity: Int, delimiter: UInt8, fileID: Int) {
        self.capacity = max(capacity, 64)
        buffer = .allocate(capacity: self.capacity)
        fileIDSuffix = [delimiter] + Array(String(fileID).utf8) + [delimiter]
    }

    deinit {
        buffer.deallocate()
    }

    /// Appends one row: `raw` (the record without its line end), the file id and `line`.
    mutating func append(
        _ raw: UnsafeBufferPointer<UInt8>, line: Int, flush: (UnsafeRawBufferPointer) throws -> Void
    ) rethrows {
        // 20 digits hold any Int; one more byte for the line feed.
        let needed = raw.count + fileIDSuffix.count + 21
        if count + needed > capacity {
            try flushAll(flush)
        }
        guard needed <= capacity, let rawBase = raw.baseAddress else {
            // A record longer than the buffer (or an empty one) goes through in pieces.
            try flushAll(flush)
            try flush(UnsafeRawBufferPointer(raw))
            try appendSuffix(line: line, flush: flush)
            return
        }
        (buffer + count).update(from: rawBase, count: raw.count)
        count += raw.count
        try appendSuffix(line: line, flush: flush)
    }

    private mutating func appendSuffix(line: Int, flush: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        if count + fileIDSuffix.count + 21 > capacity {
            try flushAll(flush)
        }
        for byte in fileIDSuffix {
            buffer[count] = byte
            count += 1
        }
        var digits = 1
        var rest = line / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        var value = line
        for index in stride(from: count + digits - 1, through: count, by: -1) {
            buffer[index] = UInt8(ascii: "0") + UInt8(value % 10)
            value /= 10
        }
        count += digits
        buffer[count] = UInt8(ascii: "\n")
        count += 1
    }

    /// Sends what the buffer holds.
    mutating func flushAll(_ flush: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        guard count > 0 else { return }
        try flush(UnsafeRawBufferPointer(start: buffer, count: count))
        count = 0
    }
}
