/// One record of a CSV file, borrowed from the reader that produced it.
///
/// A record and its fields point into the reader's buffers: they are valid until the next call to
/// `CSVReader.nextRecord()` and must not be kept longer. Copy out what you need (`CSVField.string`).
public struct CSVRecord {
    /// The 1-based line where the record starts.
    public let line: Int
    let slots: UnsafeBufferPointer<CSVReader.FieldSlot>
    let buffer: UnsafePointer<UInt8>
    let scratch: UnsafePointer<UInt8>
    /// Buffer offsets of the record's first byte and of its terminator (or the end of the data).
    let start: Int
    let end: Int

    /// The number of fields.
    public var count: Int { slots.count }

    /// The field at `index` (0-based).
    public subscript(index: Int) -> CSVField {
        let slot = slots[index]
        let base = slot.isUnescaped ? scratch : buffer
        return CSVField(
            bytes: UnsafeBufferPointer(start: base + slot.start, count: slot.count),
            line: slot.line,
            column: slot.column
        )
    }

    /// The record as written in the file (quotes and escapes included), without its line end.
    public var rawBytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buffer + start, count: end - start)
    }

    /// The values of all fields as strings.
    public var strings: [String] { (0..<count).map { self[$0].string } }

    /// The raw text of `line` (one of the record's lines), without its line break, for diagnostics.
    public func sourceLine(_ line: Int) -> String? {
        guard line >= self.line else { return nil }
        var remaining = line - self.line
        var lineStart = start
        var index = start
        while index < end {
            if buffer[index] == UInt8(ascii: "\n") {
                if remaining == 0 { break }
                remaining -= 1
                lineStart = index + 1
            }
            index += 1
        }
        guard remaining == 0 else { return nil }
        return CSVReader.lineText(UnsafeBufferPointer(start: buffer + lineStart, count: index - lineStart))
    }
}

/// One field's value (quotes removed, `""` unescaped) and where it starts in the file.
public struct CSVField {
    /// The value's UTF-8 bytes, valid as long as the record they came from.
    public let bytes: UnsafeBufferPointer<UInt8>
    /// The 1-based line of the field's first character (its opening quote, when quoted).
    public let line: Int
    /// The 1-based column, counted in Unicode scalars, of the field's first character.
    public let column: Int

    /// Whether the value is empty, which a seed loads as NULL.
    public var isEmpty: Bool { bytes.isEmpty }

    /// The value as a string (the reader has already checked that it is UTF-8).
    public var string: String { String(decoding: bytes, as: UTF8.self) }
}
