import PostgresClient
import SQLTemplate
import WarehouseCore
import WarehouseDigest

/// One file's pass: reads records, checks them, streams the good ones into the table's `COPY` and keeps the bad
/// ones, then copies those into the rejects table.
struct CSVFileCopy {
    struct Result {
        var rows: Int
        var rejects: [CSVRejectedRow]
        /// The file's SHA-256, when it was computed while reading.
        var sha256: String
    }

    /// The file's digest and counters, updated by the reader's observer as chunks arrive.
    final class Reading {
        let hasher = FileDigest()
        var bytesRead = 0
        var rows = 0
        var lastReport = ContinuousClock.now
        /// Reported about every 200 ms while the file is read.
        var progress: (CSVLoadProgress) -> Void = { _ in }
    }

    /// Problems reported at once under `--strict`.
    static let strictProblemLimit = 10

    let reader: CSVReader
    let bronze: BronzeTable
    let options: CSVIngestOptions
    let path: String
    let size: Int
    /// The file to read again when the server's error names a row.
    let filePath: String
    let reading: Reading
    private(set) var rejects: [CSVRejectedRow] = []

    /// Prepares to copy the rest of `reader`'s file, whose header it has read; from now on `reading` follows what
    /// the reader reads (set before the header was read, so the digest covers the whole file).
    init(
        reader: CSVReader, bronze: BronzeTable, options: CSVIngestOptions, path: String, filePath: String, size: Int,
        reading: Reading
    ) {
        self.reader = reader
        self.bronze = bronze
        self.options = options
        self.path = path
        self.size = size
        self.filePath = filePath
        self.reading = reading
    }

    /// Makes `reader` feed `reading` with every chunk it reads, reporting progress on a file of `size` bytes.
    static func follow(
        _ reader: CSVReader, size: Int, start: ContinuousClock.Instant, progress: @escaping (CSVLoadProgress) -> Void
    ) -> Reading {
        let reading = Reading()
        reader.readObserver = { bytes in
            reading.hasher.update(bytes)
            reading.bytesRead += bytes.count
            let now = ContinuousClock.now
            if now - reading.lastReport >= .milliseconds(200) {
                reading.lastReport = now
                progress(
                    CSVLoadProgress(
                        bytesRead: reading.bytesRead, totalBytes: size, rows: reading.rows,
                        seconds: CSVIngest.seconds(since: start)))
            }
        }
        return reading
    }

    /// Streams the file's rows into the table and its bad rows into the rejects table.
    mutating func run(into connection: Connection, fileID: Int) throws -> Result {
        let reading = self.reading
        let rows = try connection.copyIn(bronze.copyStatement(delimiter: options.delimiter)) { writer in
            var encoder = CSVCopyEncoder(capacity: options.chunkSize, delimiter: options.delimiter, fileID: fileID)
            var failed = false
            while true {
                let record: CSVRecord?
                do throws(CSVError) {
                    record = try reader.nextRecord()
                } catch {
                    if case .invalidUTF8 = error.kind { throw CSVIngest.fileError(error) }
                    if case .unreadable = error.kind { throw CSVIngest.fileError(error) }
                    let skipped: (line: Int, text: String)
                    do throws(CSVError) {
                        skipped = try reader.skipBadRecord(after: error)
                    } catch {
                        throw CSVIngest.fileError(error)
                    }
                    try reject(
                        CSVRejectedRow(
                            line: skipped.line, errorLine: error.location.line, column: error.location.column,
                            rawLine: skipped.text, error: error.diagnostic.message))
                    failed = true
                    continue
                }
                guard let record else { break }
                if let problem = Self.typeProblem(record, bronze.columns) {
                    try reject(
                        CSVRejectedRow(
                            line: record.line, errorLine: problem.line, column: problem.column,
                            rawLine: String(decoding: record.rawBytes, as: UTF8.self), error: problem.message))
                    failed = true
                    continue
                }
                // Under --strict nothing more is sent after the first bad row: the COPY is cancelled at the end.
                if failed && options.strict { continue }
                try encoder.append(record.rawBytes, line: record.line) { try writer.write($0) }
                reading.rows += 1
            }
            if options.strict && !rejects.isEmpty {
                throw CSVIngestError(.badRows(rejects), at: location(of: rejects[0]))
            }
            try encoder.flushAll { try writer.write($0) }
        }
        let bytesRead = reading.bytesRead
        guard bytesRead == size else {
            throw CSVIngestError(.fileChanged, at: SourceLocation(path: path, line: 1, column: 1))
        }
        if !rejects.isEmpty {
            try copyRejects(into: connection, fileID: fileID)
        }
        guard let digest = reading.hasher.finalizeHex() else {
            throw CSVIngestError(
                .unreadable("the SHA-256 of the file could not be computed"),
                at: SourceLocation(path: path, line: 1, column: 1))
        }
        return Result(rows: rows, rejects: rejects, sha256: digest)
    }

    /// Keeps a bad row, or under `--strict` stops once enough problems are known.
    private mutating func reject(_ row: CSVRejectedRow) throws(CSVIngestError) {
        rejects.append(row)
        if options.strict && rejects.count >= Self.strictProblemLimit {
            throw CSVIngestError(.badRows(rejects), at: location(of: rejects[0]))
        }
        if !options.strict && rejects.count > options.maximumRejects {
            throw CSVIngestError(.tooManyRejects(options.maximumRejects), at: location(of: row))
        }
    }

    private func location(of row: CSVRejectedRow) -> SourceLocation {
        SourceLocation(path: path, line: row.errorLine, column: row.column)
    }

    /// The first value of `record` that does not fit its column's type.
    private static func typeProblem(_ record: CSVRecord, _ columns: [BronzeTable.Column]) -> (
        line: Int, column: Int, message: String
    )? {
        for (index, column) in columns.enumerated() {
            guard let check = column.check else { continue }
            let field = record[index]
            guard !field.isEmpty, let problem = check.problem(with: field.bytes) else { continue }
            var value = field.string
            if value.count > 40 { value = String(value.prefix(40)) + "..." }
            return (field.line, field.column, "'\(value)' in column '\(column.name)' \(problem)")
        }
        return nil
    }

    /// Copies the rejected rows into `<table>_rejects`.
    private func copyRejects(into connection: Connection, fileID: Int) throws {
        _ = try connection.copyIn(bronze.rejectsCopyStatement) { writer in
            var data: [UInt8] = []
            for row in rejects {
                data += Array("\(fileID),\(row.line),".utf8)
                Self.appendQuoted(row.rawLine, to: &data)
                data.append(UInt8(ascii: ","))
                Self.appendQuoted(row.error, to: &data)
                data.append(UInt8(ascii: "\n"))
                if data.count >= 1 << 20 {
                    try writer.write(data)
                    data.removeAll(keepingCapacity: true)
                }
            }
            try writer.write(data)
        }
    }

    private static func appendQuoted(_ text: String, to data: inout [UInt8]) {
        data.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") { data.append(byte) }
            data.append(byte)
        }
        data.append(UInt8(ascii: "\""))
    }

    /// Where in the file the value lies that a failed `COPY` names (`COPY t, line 4, column c: "x"`).
    ///
    /// The server counts records it was sent (a quoted field's line breaks do not count), so the file is read
    /// again, on this failure path only, to find the record sent n-th: the rejected ones were not sent.
    func location(of error: PostgresError) -> SourceLocation? {
        guard let copyLine = error.copyLineNumber, copyLine >= 1,
            let reader = try? CSVReader(
                path: filePath, displayPath: path, chunkSize: options.chunkSize, delimiter: options.delimiter)
        else { return nil }
        let columnIndex = error.context.flatMap { context in
            bronze.columns.firstIndex { context.contains(", line \(copyLine), column \($0.name): ") }
        }
        let rejectedLines = Set(rejects.map(\.line))
        var sent = 0
        var isHeader = true
        while true {
            do throws(CSVError) {
                guard let record = try reader.nextRecord() else { return nil }
                if isHeader || rejectedLines.contains(record.line) {
                    isHeader = false
                    continue
                }
                sent += 1
                guard sent == copyLine else { continue }
                guard let columnIndex, columnIndex < record.count else {
                    return SourceLocation(path: path, line: record.line, column: 1)
                }
                return SourceLocation(path: path, line: record[columnIndex].line, column: record[columnIndex].column)
            } catch {
                guard (try? reader.skipBadRecord(after: error)) != nil else { return nil }
            }
        }
    }
}
