public import Foundation

extension RetailDataGenerator {
    /// The whole CSV, header included, in memory; for small row counts and tests.
    public func csvBytes() -> [UInt8] {
        var buffer = RetailCSVBuffer(includeHeader: true)
        write(to: &buffer)
        return buffer.bytes
    }

    /// Writes the CSV, header included, to an open file handle in chunks of about `chunkSize` bytes.
    public func writeCSV(to fileHandle: FileHandle, chunkSize: Int = 1 << 20) throws {
        var writer = RetailCSVFileWriter(fileHandle: fileHandle, chunkSize: chunkSize)
        try write(to: &writer)
        try writer.finish()
    }

    /// Writes the CSV, header included, to a file, replacing it when it exists.
    public func writeCSV(toFile url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw RetailGeneratorError.cannotCreateFile(path: url.path)
        }
        let fileHandle = try FileHandle(forWritingTo: url)
        defer { try? fileHandle.close() }
        try writeCSV(to: fileHandle)
        try fileHandle.synchronize()
    }
}
