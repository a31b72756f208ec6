public import Foundation

/// A sink that writes rows as CSV to a file handle in large chunks, so memory stays flat for any row count.
///
/// Call `finish()` after the last row: it writes what is still buffered.
public struct RetailCSVFileWriter: RetailRowSink {
    private let fileHandle: FileHandle
    private let chunkSize: Int
    private var buffer: RetailCSVBuffer

    /// A writer that starts with the header line and writes whenever `chunkSize` bytes have accumulated.
    public init(fileHandle: FileHandle, chunkSize: Int = 1 << 20) {
        self.fileHandle = fileHandle
        self.chunkSize = max(1, chunkSize)
        buffer = RetailCSVBuffer(includeHeader: true)
    }

    public mutating func consume(_ row: RetailRow) throws {
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
