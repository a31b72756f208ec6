import Foundation
import PostgresClient
import WarehouseCore

/// Everything `wh seed` needs to load one CSV file: its columns and their types, the `CREATE TABLE` and
/// `COPY` statements, and the file's bytes to send as COPY data.
///
/// Making a plan reads the whole file once, fast, checking it as CSV, as UTF-8 and against `column_types`,
/// and inferring the other columns' types. The COPY data is then the file's own bytes (without a byte order
/// mark) read a second time: `FORMAT csv, HEADER true` makes Postgres parse them the way the check did, and
/// `FORCE_NULL` on every column loads an empty field, quoted or not, as NULL.
public struct SeedPlan: Sendable {
    /// The table a seed loads into.
    public struct Table: Sendable, Hashable, CustomStringConvertible {
        public var schema: String?
        public var name: String

        public init(schema: String? = nil, name: String) {
            self.schema = schema
            self.name = name
        }

        /// The table's name quoted for SQL: `"schema"."name"`.
        public var description: String {
            [schema, name].compactMap { $0.map(quoteIdentifier) }.joined(separator: ".")
        }
    }

    /// The most issues one plan reports before it stops reading.
    public static let maximumIssueCount = 20

    /// The path the file is read from.
    public var path: String
    /// The path error locations show.
    public var displayPath: String
    public var table: Table
    public var columns: [SeedColumn]
    /// The number of data rows, without the header.
    public var rowCount: Int
    /// The size of the COPY data: the file without its byte order mark.
    public var dataByteCount: Int
    public var hasByteOrderMark: Bool
    /// The file's modification time when it was checked, to notice a change before sending it.
    var modificationTime: Double?

    /// Reads and checks the CSV file at `path`, inferring column types where `columnTypes` names none.
    ///
    /// - Parameters:
    ///   - displayPath: what error locations show, usually relative to the project root (default: `path`).
    ///   - columnTypes: Postgres type names by column; they win over inference and values are checked
    ///     against them where `wh` knows the type (names it does not know go to Postgres unchecked).
    ///   - chunkSize: how many bytes to read at once.
    public init(
        path: String,
        displayPath: String? = nil,
        table: Table,
        columnTypes: [String: String] = [:],
        chunkSize: Int = 1 << 20
    ) throws(SeedError) {
        let shownPath = displayPath ?? path
        let modificationTime = Self.modificationTime(of: path)
        let reader: CSVReader
        do {
            reader = try CSVReader(path: path, displayPath: shownPath, chunkSize: chunkSize)
        } catch {
            throw SeedError([SeedIssue(error)])
        }
        var analysis = SeedFileAnalysis(path: shownPath, columnTypes: columnTypes)
        do {
            try analysis.read(reader)
        } catch {
            analysis.issues.append(SeedIssue(error))
        }
        guard analysis.issues.isEmpty else { throw SeedError(analysis.issues) }
        self.path = path
        self.displayPath = shownPath
        self.table = table
        self.columns = analysis.columns
        self.rowCount = max(0, reader.recordCount - 1)
        self.dataByteCount = reader.dataByteCount
        self.hasByteOrderMark = reader.hasByteOrderMark
        self.modificationTime = modificationTime
    }

    /// `CREATE TABLE "schema"."name" ("col" type, ...)`.
    public var createTableStatement: String {
        let definitions = columns.map { "\(quoteIdentifier($0.name)) \($0.typeName)" }
        return "CREATE TABLE \(table) (\(definitions.joined(separator: ", ")))"
    }

    /// The `COPY ... FROM STDIN` statement that reads the data `forEachCopyChunk` produces.
    public var copyStatement: String {
        let names = columns.map { quoteIdentifier($0.name) }.joined(separator: ", ")
        return
            "COPY \(table) (\(names)) FROM STDIN WITH (FORMAT csv, HEADER true, ENCODING 'UTF8', FORCE_NULL (\(names)))"
    }

    static func modificationTime(of path: String) -> Double? {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.modificationDate] as? Date)?.timeIntervalSinceReferenceDate
    }
}
