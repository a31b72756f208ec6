import Foundation
import SQLTemplate

/// A streaming RFC 4180 CSV reader over the bytes of a file.
///
/// It reads in chunks (1 MiB by default), so a file of any size costs one chunk plus the longest record of
/// memory. It accepts comma-separated fields, `"` quoting with `""` escapes, commas and line breaks inside
/// quotes, LF or CRLF line ends (one style per file, as Postgres COPY requires), a UTF-8 byte order mark
/// at the start (skipped), and a last line without a line end. An empty line is a record of one empty field.
/// Every byte is checked to be UTF-8, and every field knows its line and column.
///
/// ```swift
/// let reader = try CSVReader(path: "seeds/orders.csv")
/// while let record = try reader.nextRecord() {
///     print(record.line, record.strings)
/// }
/// ```
public final class CSVReader {
    struct FieldSlot {
        /// Offset of the value in `buffer`, or in `scratch` when `isUnescaped`.
        var start: Int
        var count: Int
        var line: Int
        var column: Int
        var isQuoted: Bool
        var hasEscapes: Bool
        var isUnescaped: Bool
    }

    private enum Source {
        case file(FileHandle)
        case bytes([UInt8], position: Int)
    }

    /// The path used in error locations.
    public let path: String
    /// The most bytes read from the source at once (more only while a single record is longer).
    public let chunkSize: Int
    /// Whether every record must have as many fields as the first one (the header).
    public let requiresUniformFieldCount: Bool
    /// The byte between fields: `,` unless given (any ASCII byte but a quote, CR or LF).
    public let delimiter: UInt8
    /// Called with every chunk of bytes read from the source, the byte order mark included, in order:
    /// a digest of the file costs no second read.
    public var readObserver: ((UnsafeRawBufferPointer) -> Void)?
    /// Whether the data started with a UTF-8 byte order mark, which the reader skipped.
    public private(set) var hasByteOrderMark = false
    /// The number of records read so far, the header included.
    public private(set) var recordCount = 0
    /// The number of bytes read so far, without the byte order mark.
    public var dataByteCount: Int { bytesRead - (hasByteOrderMark ? 3 : 0) }
    /// The line end style of the first record, once one has ended with a line break.
    public internal(set) var lineEnding: CSVError.LineEnding?
    /// Whether lines may end in LF and CRLF within one file (seeds, as dbt reads them); by default a second style
    /// is an error, as Postgres COPY refuses it.
    public var allowsMixedLineEndings = false
    /// Whether a line so far ended in another style than the first line (only when ``allowsMixedLineEndings``).
    public internal(set) var hasMixedLineEndings = false

    private var source: Source
    private var bytesRead = 0
    var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// The first byte not yet consumed, and the end of the valid bytes, in `buffer`.
    var position = 0
    var end = 0
    var atEndOfInput = false
    private var started = false
    /// The line of the byte at `position`.
    var line = 1
    var expectedFieldCount: Int?
    /// Where the line of the error being thrown starts in `buffer`.
    var errorLineStart: Int?
    /// Where the record that failed its field count ends (after its line end), so it can be skipped whole.
    var badRecordEnd: Int?
    /// Bits of the ASCII bytes that end a run of plain bytes outside quotes: below 64, and 64 to 127.
    let unquotedStopsLow: UInt64
    let unquotedStopsHigh: UInt64
    var slots: UnsafeMutablePointer<FieldSlot>
    var slotCapacity = 64
    var scratch: UnsafeMutablePointer<UInt8>
    var scratchCapacity = 4096

    /// Opens the file at `path` for reading; `displayPath` is what error locations show (default: `path`).
    public convenience init(
        path: String,
        displayPath: String? = nil,
        chunkSize: Int = 1 << 20,
        requiresUniformFieldCount: Bool = true,
        delimiter: UInt8 = UInt8(ascii: ",")
    ) throws(CSVError) {
        let shownPath = displayPath ?? path
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw CSVError(
                .unreadable(Self.reason(error)),
                at: SourceLocation(path: shownPath, line: 1, column: 1)
            )
        }
        self.init(
            source: .file(handle),
            path: shownPath,
            chunkSize: chunkSize,
            requiresUniformFieldCount: requiresUniformFieldCount,
            delimiter: delimiter
        )
    }

    /// Reads CSV from bytes in memory; `path` is what error locations show.
    public convenience init(
        bytes: [UInt8],
        path: String,
        chunkSize: Int = 1 << 20,
        requiresUniformFieldCount: Bool = true,
        delimiter: UInt8 = UInt8(ascii: ",")
    ) {
        self.init(
            source: .bytes(bytes, position: 0),
            path: path,
            chunkSize: chunkSize,
            requiresUniformFieldCount: requiresUniformFieldCount,
            delimiter: delimiter
        )
    }

    private init(source: Source, path: String, chunkSize: Int, requiresUniformFieldCount: Bool, delimiter: UInt8) {
        self.source = source
        self.delimiter = delimiter
        // NUL, LF, CR and the quote always stop a run; so does the delimiter.
        let stops: [UInt8] = [0, 10, 13, 34, delimiter]
        unquotedStopsLow = stops.reduce(0) { $1 < 64 ? $0 | 1 << UInt64($1) : $0 }
        unquotedStopsHigh = stops.reduce(0) { $1 >= 64 && $1 < 128 ? $0 | 1 << UInt64($1 - 64) : $0 }
        self.path = path
        self.chunkSize = max(1, chunkSize)
        self.requiresUniformFieldCount = requiresUniformFieldCount
        capacity = max(self.chunkSize * 2, 16)
        buffer = .allocate(capacity: capacity)
        slots = .allocate(capacity: slotCapacity)
        scratch = .allocate(capacity: scratchCapacity)
    }

    deinit {
        buffer.deallocate()
        slots.deallocate()
        scratch.deallocate()
        if case .file(let handle) = source {
            try? handle.close()
        }
    }

    /// The next record, or nil at the end of the data.
    ///
    /// The record is valid until the next call.
    public func nextRecord() throws(CSVError) -> CSVRecord? {
        if !started {
            try start()
        }
        while true {
            let result: ScanResult
            do {
                result = try scanRecord()
            } catch {
                throw withSourceLine(error)
            }
            switch result {
            case .record(let record):
                recordCount += 1
                return record
            case .endOfInput:
                return nil
            case .needMore:
                try refill()
            }
        }
    }

    /// Reads the first bytes and skips a byte order mark.
    private func start() throws(CSVError) {
        started = true
        // Reads stay chunk-aligned in the file: the first one is a whole chunk too.
        try read(upTo: chunkSize)
        while end < 3 && !atEndOfInput {
            try read(upTo: 3 - end)
        }
        if end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
            hasByteOrderMark = true
            position = 3
        }
    }

    /// Keeps the unfinished record, moved to the front of the buffer, and reads more after it.
    ///
    /// It reads at least as many bytes as are pending, so a record far longer than a chunk is rescanned
    /// a logarithmic number of times, not once per chunk.
    func refill() throws(CSVError) {
        let pending = end - position
        if position > 0 {
            buffer.update(from: buffer + position, count: pending)
            position = 0
            end = pending
        }
        let wanted = max(chunkSize, pending)
        if end + wanted > capacity {
            let newCapacity = max(capacity * 2, end + wanted)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            grown.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = grown
            capacity = newCapacity
        }
        try read(upTo: wanted)
    }

    /// Appends up to `count` bytes from the source to the buffer; sets `atEndOfInput` when there are none.
    private func read(upTo count: Int) throws(CSVError) {
        let target = UnsafeMutableRawBufferPointer(start: buffer + end, count: count)
        var got = 0
        switch source {
        case .file(let handle):
            do {
                if let data = try handle.read(upToCount: count) {
                    got = data.copyBytes(to: target)
                }
            } catch {
                throw CSVError(.unreadable(Self.reason(error)), at: SourceLocation(path: path, line: line, column: 1))
            }
        case .bytes(let bytes, let offset):
            got = min(count, bytes.count - offset)
            bytes.withUnsafeBytes { all in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: all[offset..<offset + got]))
            }
            source = .bytes(bytes, position: offset + got)
        }
        if got > 0, let readObserver {
            readObserver(UnsafeRawBufferPointer(start: buffer + end, count: got))
        }
        end += got
        bytesRead += got
        if got == 0 {
            atEndOfInput = true
        }
    }

    /// Grows the field slots, keeping the first `count`.
    func growSlots(keeping count: Int) {
        let grown = UnsafeMutablePointer<FieldSlot>.allocate(capacity: slotCapacity * 2)
        grown.moveInitialize(from: slots, count: count)
        slots.deallocate()
        slots = grown
        slotCapacity *= 2
    }

    /// Makes the scratch buffer hold at least `count` bytes.
    func reserveScratch(_ count: Int) {
        guard count > scratchCapacity else { return }
        scratch.deallocate()
        scratchCapacity = max(count, scratchCapacity * 2)
        scratch = .allocate(capacity: scratchCapacity)
    }

    /// A line's bytes as text for a diagnostic, without a trailing carriage return.
    static func lineText(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var count = bytes.count
        if count > 0, bytes[count - 1] == UInt8(ascii: "\r") {
            count -= 1
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<count]), as: UTF8.self)
    }

    private static func reason(_ error: any Error) -> String {
        error.localizedDescription
    }
}
