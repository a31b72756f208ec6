public import Foundation

/// A sink that writes rows as CSV to a file handle in large chunks, so memory stays flat for any row count.
///
/// Call `finish()` after the last row: it writes what is still buffered.
public struct RetailCSVFileWriter: RetailRowSink {
    private let fileHandle: FileHandle
    private let chunkSize: Int
    private let rowLimit: Int?
    private var buffer: RetailCSVBuffer
    /// Rows written so far (buffered ones included).
    public private(set) var rowCount = 0

    /// A writer that starts with the header line and writes whenever `chunkSize` bytes have accumulated; rows
    /// past `rowLimit`, when given, are dropped.
    public init(fileHandle: FileHandle, chunkSize: Int = 1 << 20, rowLimit: Int? = nil) {
        self.fileHandle = fileHandle
        self.chunkSize = max(1, chunkSize)
        self.rowLimit = rowLimit
        buffer = RetailCSVBuffer(includeHeader: true)
    }

    public mutating func consume(_ row: RetailRow) throws {
        if let rowLimit, rowCount >= rowLimit { return }
        rowCount += 1
        buffer.consume(row)
        if buffer.bytes.count >= chunkSize {
            try flush()
        }
    }

    /// Writes the buffered rest.
    public mutating func finish() throws {
        try flush()
    }

    private mutating func flush() throws {
        let chunk = buffer.drain()
        if !chunk.isEmpty {
            try fileHandle.write(contentsOf: chunk)
        }
    }
}
