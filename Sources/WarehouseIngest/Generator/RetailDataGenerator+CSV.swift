public import Foundation

extension RetailDataGenerator {
    /// The whole CSV, header included, in memory; for small row counts and tests.
    public func csvBytes() -> [UInt8] {
        var buffer = RetailCSVBuffer(includeHeader: true)
        write(to: &buffer)
        return buffer.bytes
    }

    /// Writes the CSV, header included, to an open file handle in chunks of about `chunkSize` bytes, stopping
    /// after `rowLimit` rows when given; returns the number of rows written.
    @discardableResult
    public func writeCSV(to fileHandle: FileHandle, chunkSize: Int = 1 << 20, rowLimit: Int? = nil) throws -> Int {
        var writer = RetailCSVFileWriter(fileHandle: fileHandle, chunkSize: chunkSize, rowLimit: rowLimit)
        try write(to: &writer)
        try writer.finish()
        return writer.rowCount
    }

    /// Writes the CSV, header included, to a file, replacing it when it exists; returns the number of rows.
    @discardableResult
    public func writeCSV(toFile url: URL, rowLimit: Int? = nil) throws -> Int {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw RetailGeneratorError.cannotCreateFile(path: url.path)
        }
        let fileHandle = try FileHandle(forWritingTo: url)
        defer { try? fileHandle.close() }
        let rows = try writeCSV(to: fileHandle, rowLimit: rowLimit)
        try fileHandle.synchronize()
        return rows
    }

    /// A generator with enough invoices for `rows` rows (invoices average about 4.5 lines), for `writeCSV`'s
    /// `rowLimit` to cut at exactly `rows`.
    public static func forRows(_ rows: Int, seed: UInt64) throws(RetailGeneratorError) -> RetailDataGenerator {
        let example = exampleSeedParameters
        return try RetailDataGenerator(
            seed: seed, invoiceCount: max(0, rows) / 4 + 16, startDate: example.startDate, spanDays: example.spanDays)
    }
}
