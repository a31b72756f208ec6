import Foundation
public import Logging
public import PostgresClient
import SQLTemplate
import WarehouseCore
import WarehouseDigest

/// Loads CSV files into bronze tables with streaming `COPY`, one transaction per file, through a ledger of
/// loaded files.
///
/// A file is read once, in chunks, while it is sent: memory stays constant whatever its size. Each record is
/// checked as CSV (field count, quoting, UTF-8) and its typed values against their column types; a bad record
/// goes to `<table>_rejects` (or, with `strict`, fails the file), the others go to the table as written with
/// their file id and line number appended. The rows, the rejects and the ledger row commit together.
///
/// Calls block: run them on a thread of your own.
///
/// ```swift
/// let ingest = CSVIngest(connection: connection, logger: logger)
/// let load = try ingest.load(
///     path: "data/orders.csv", options: CSVIngestOptions(table: IngestTable(schema: "bronze", name: "orders")))
/// ```
public struct CSVIngest {
    let connection: Connection
    let logger: Logger

    /// A loader writing through `connection` (used by one thread at a time), logging to `logger` (`wh.ingest`).
    public init(connection: Connection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Loads the file at `path` into `options.table`, or skips it when the ledger has its content.
    ///
    /// - Parameters:
    ///   - displayPath: what messages and the ledger show (default: `path`).
    ///   - progress: called about once per chunk read, on the calling thread.
    /// - Throws: ``CSVIngestError``; nothing of the file is written then.
    public func load(
        path: String, displayPath: String? = nil, options: CSVIngestOptions,
        progress: @escaping (CSVLoadProgress) -> Void = { _ in }
    ) throws(CSVIngestError) -> CSVFileLoad {
        let shownPath = displayPath ?? path
        let start = ContinuousClock.now
        let size = try Self.fileSize(path, shownPath)
        let reader: CSVReader
        do {
            reader = try CSVReader(
                path: path, displayPath: shownPath, chunkSize: options.chunkSize, delimiter: options.delimiter)
        } catch {
            throw CSVIngestError(.unreadable(Self.reason(error)), at: error.location)
        }
        let reading = CSVFileCopy.follow(reader, size: size, start: start, progress: progress)
        defer { reader.readObserver = nil }
        let header = try Self.header(reader, shownPath)
        let bronze = try BronzeTable(
            table: options.table, header: header.names, headerLocations: header.locations, options: options)
        var copy = CSVFileCopy(
            reader: reader, bronze: bronze, options: options, path: shownPath, filePath: path, size: size,
            reading: reading)
        do {
            return try connection.transaction { connection in
                let ledger = IngestLedger(connection: connection)
                // `create ... if not exists` notices on every file but the first say nothing worth reading.
                try connection.execute("set local client_min_messages = warning")
                try ledger.lock(options.table)
                try prepare(bronze, path: shownPath)
                var knownDigest: String?
                if !options.force, try ledger.hasFile(ofSize: size, in: options.table) {
                    let digest = try Self.digest(path, shownPath)
                    knownDigest = digest
                    if let previous = try ledger.entry(sha256: digest, in: options.table) {
                        return CSVFileLoad(
                            path: shownPath, table: options.table, outcome: .skipped(previous: previous), rows: 0,
                            rejectedRows: 0, firstRejects: [], bytes: size, sha256: digest,
                            seconds: Self.seconds(since: start))
                    }
                }
                let fileID = try ledger.nextID()
                let result = try copy.run(into: connection, fileID: fileID)
                let digest = knownDigest ?? result.sha256
                try ledger.record(
                    id: fileID, path: shownPath, size: size, sha256: digest, rows: result.rows,
                    rejected: result.rejects.count, table: options.table)
                return CSVFileLoad(
                    path: shownPath, table: options.table, outcome: .loaded(fileID: fileID), rows: result.rows,
                    rejectedRows: result.rejects.count, firstRejects: Array(result.rejects.prefix(5)), bytes: size,
                    sha256: digest, seconds: Self.seconds(since: start))
            }
        } catch let error as CSVIngestError {
            throw error
        } catch let error as PostgresError {
            throw CSVIngestError(
                .postgres(error), at: copy.location(of: error) ?? SourceLocation(path: shownPath, line: 1, column: 1))
        } catch {
            throw CSVIngestError(.unreadable("\(error)"), at: SourceLocation(path: shownPath, line: 1, column: 1))
        }
    }

    /// Creates the ledger, the table and its rejects table when missing; refuses a table with other columns.
    private func prepare(_ bronze: BronzeTable, path: String) throws {
        try IngestLedger(connection: connection).create()
        let differences = try bronze.differences(in: connection)
        guard differences.isEmpty else {
            throw CSVIngestError(
                .tableMismatch(table: bronze.table, differences: differences),
                at: SourceLocation(path: path, line: 1, column: 1))
        }
        try connection.createMissing(bronze.createStatements)
    }

    /// The header's names and their locations.
    private static func header(_ reader: CSVReader, _ path: String) throws(CSVIngestError) -> (
        names: [String], locations: [SourceLocation]
    ) {
        let record: CSVRecord?
        do {
            record = try reader.nextRecord()
        } catch {
            throw fileError(error)
        }
        guard let record else { throw CSVIngestError(.empty, at: SourceLocation(path: path, line: 1, column: 1)) }
        let names = record.strings
        guard names.contains(where: { !$0.isEmpty }) else {
            throw CSVIngestError(.noHeader, at: SourceLocation(path: path, line: 1, column: 1))
        }
        let locations = (0..<record.count).map {
            SourceLocation(path: path, line: record[$0].line, column: record[$0].column)
        }
        return (names, locations)
    }

    /// A CSV error that stops the whole file (not a bad row).
    static func fileError(_ error: CSVError) -> CSVIngestError {
        switch error.kind {
        case .invalidUTF8: CSVIngestError(.notUTF8, at: error.location, sourceLine: error.sourceLine)
        case .unreadable(let reason): CSVIngestError(.unreadable(reason), at: error.location)
        default:
            CSVIngestError(
                .badHeader("the header is not valid CSV: \(error.diagnostic.message)"), at: error.location,
                sourceLine: error.sourceLine)
        }
    }

    private static func fileSize(_ path: String, _ shownPath: String) throws(CSVIngestError) -> Int {
        let location = SourceLocation(path: shownPath, line: 1, column: 1)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CSVIngestError(.missingFile, at: location)
        }
        guard !isDirectory.boolValue else { throw CSVIngestError(.unreadable("it is a folder"), at: location) }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw CSVIngestError(.unreadable("permission denied"), at: location)
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        guard size > 0 else { throw CSVIngestError(.empty, at: location) }
        return size
    }

    /// The SHA-256 of the file, read in chunks.
    private static func digest(_ path: String, _ shownPath: String) throws(CSVIngestError) -> String {
        let hasher = FileDigest()
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
                data.withUnsafeBytes { hasher.update($0) }
            }
        } catch {
            throw CSVIngestError(
                .unreadable(error.localizedDescription), at: SourceLocation(path: shownPath, line: 1, column: 1))
        }
        guard let digest = hasher.finalizeHex() else {
            throw CSVIngestError(
                .unreadable("the SHA-256 of the file could not be computed"),
                at: SourceLocation(path: shownPath, line: 1, column: 1))
        }
        return digest
    }

    private static func reason(_ error: CSVError) -> String {
        if case .unreadable(let reason) = error.kind { return reason }
        return error.diagnostic.message
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
