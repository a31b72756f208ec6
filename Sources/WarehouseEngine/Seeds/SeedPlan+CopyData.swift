import Foundation
import SQLTemplate
import WarehouseCore

extension SeedPlan {
    /// Reads the file again and passes its bytes, without the byte order mark, to `send` in chunks of
    /// at most `chunkSize` bytes: the data for `copyStatement`.
    ///
    /// A file with mixed line ends is sent record by
    /// record instead, each non-empty field quoted and each record ended by LF, which keeps every value and every
    /// line number (a line break inside a quoted field is kept as written).
    ///
    /// Throws `SeedError` with `.fileChanged` when the file's size or modification time differs from when
    /// the plan checked it, before sending anything when that is visible up front; a caller that gets an error
    /// after some chunks must abort the COPY.
    public func forEachCopyChunk(
        chunkSize: Int = 1 << 20,
        _ send: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let fileSize = dataByteCount + (hasByteOrderMark ? 3 : 0)
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard (attributes?[.size] as? NSNumber)?.intValue == fileSize,
            Self.modificationTime(of: path) == modificationTime
        else { throw changed }
        if hasMixedLineEndings {
            try forEachRewrittenChunk(chunkSize: chunkSize, send)
            return
        }

        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw SeedError([
                SeedIssue(
                    .csv(.unreadable(error.localizedDescription)),
                    at: SourceLocation(path: displayPath, line: 1, column: 1))
            ])
        }
        defer { try? handle.close() }
        var byteOrderMarkLeft = hasByteOrderMark ? 3 : 0
        var sent = 0
        while let data = try handle.read(upToCount: max(1, chunkSize)), !data.isEmpty {
            try data.withUnsafeBytes { bytes in
                let skipped = min(byteOrderMarkLeft, bytes.count)
                byteOrderMarkLeft -= skipped
                guard skipped < bytes.count else { return }
                let chunk = UnsafeRawBufferPointer(rebasing: bytes[skipped...])
                sent += chunk.count
                guard sent <= dataByteCount else { throw changed }
                try send(chunk)
            }
        }
        guard sent == dataByteCount else { throw changed }
    }

    private var changed: SeedError {
        SeedError([SeedIssue(.fileChanged, at: SourceLocation(path: displayPath, line: 1, column: 1))])
    }

    private func forEachRewrittenChunk(chunkSize: Int, _ send: (UnsafeRawBufferPointer) throws -> Void) throws {
        let reader: CSVReader
        do {
            reader = try CSVReader(path: path, displayPath: displayPath, chunkSize: chunkSize)
        } catch {
            throw SeedError([SeedIssue(error)])
        }
        reader.allowsMixedLineEndings = true
        var buffer: [UInt8] = []
        buffer.reserveCapacity(max(1, chunkSize) + 4096)
        let quote = UInt8(ascii: "\"")
        do {
            while let record = try reader.nextRecord() {
                for index in 0..<record.count {
                    if index > 0 { buffer.append(UInt8(ascii: ",")) }
                    let field = record[index]
                    guard !field.isEmpty else { continue }
                    buffer.append(quote)
                    for byte in field.bytes {
                        if byte == quote { buffer.append(quote) }
                        buffer.append(byte)
                    }
                    buffer.append(quote)
                }
                buffer.append(UInt8(ascii: "\n"))
                if buffer.count >= chunkSize {
                    try buffer.withUnsafeBytes(send)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
        } catch let error as CSVError {
            throw SeedError([SeedIssue(error)])
        }
        if !buffer.isEmpty { try buffer.withUnsafeBytes(send) }
        guard reader.dataByteCount == dataByteCount else { throw changed }
    }
}
