import Foundation
import PostgresClient
import SQLTemplate
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
    /// Whether lines end in both LF and CRLF: dbt loads such a file, Postgres COPY refuses it as it is, so its
    /// records are sent again with LF line ends (see ``forEachCopyChunk(chunkSize:_:)``).
    public var hasMixedLineEndings: Bool
    /// The file's modification time when it was checked, to notice a change before sending it.
    var modificationTime: Double?

    /// Reads and checks the CSV file at `path`, inferring column types where `columnTypes` names none.
    ///
    /// - Parameters:
    ///   - displayPath: what error locations show, usually relative to the project root (default: `path`).
    ///   - columnTypes: Postgres type names by column; they win over inference and values are checked
    ///     against them where `wh` knows the type (names it does not know go to Postgres unchecked).
    ///   - chunkSize: how many bytes to read at once.
    ///   - serverRefusal: for a value `wh`'s own check refuses but Postgres may read (dates, timestamps and floats,
    ///     see `DeclaredColumnType.serverHasLastWord`), why the server refuses it as the named type, or nil when it
    ///     accepts it (``SeedValueCast`` asks it). Without it, `wh`'s check decides.
    public init(
        path: String,
        displayPath: String? = nil,
        table: Table,
        columnTypes: [String: String] = [:],
        chunkSize: Int = 1 << 20,
        serverRefusal: ((_ value: String, _ typeName: String) -> String?)? = nil
    ) throws(SeedError) {
        let shownPath = displayPath ?? path
        let modificationTime = Self.modificationTime(of: path)
        let reader: CSVReader
        do {
            reader = try CSVReader(path: path, displayPath: shownPath, chunkSize: chunkSize)
        } catch {
            throw SeedError([SeedIssue(error)])
        }
        reader.allowsMixedLineEndings = true
        var analysis = SeedFileAnalysis(path: shownPath, columnTypes: columnTypes)
        do {
            try analysis.read(reader)
        } catch {
            analysis.issues.append(SeedIssue(error))
        }
        let confirmed = Self.confirmed(analysis.suspects, serverRefusal: serverRefusal)
        guard analysis.issues.isEmpty && confirmed.isEmpty else {
            let issues = (analysis.issues + confirmed).sorted {
                ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column)
            }
            throw SeedError(Array(issues.prefix(Self.maximumIssueCount)))
        }
        self.path = path
        self.displayPath = shownPath
        self.table = table
        self.columns = analysis.columns
        self.rowCount = max(0, reader.recordCount - 1)
        self.dataByteCount = reader.dataByteCount
        self.hasByteOrderMark = reader.hasByteOrderMark
        self.hasMixedLineEndings = reader.hasMixedLineEndings
        self.modificationTime = modificationTime
    }

    /// The suspects the server refuses (all of them without a server), the first of each column, with its reason.
    private static func confirmed(
        _ suspects: [SeedFileAnalysis.Suspect], serverRefusal: ((String, String) -> String?)?
    ) -> [SeedIssue] {
        var reported: Set<String> = []
        var issues: [SeedIssue] = []
        for suspect in suspects where !reported.contains(suspect.column) {
            var issue = suspect.issue
            if let serverRefusal {
                guard let refusal = serverRefusal(suspect.value, suspect.typeName) else { continue }
                if case .valueNotOfDeclaredType(let column, let type, let value, _) = issue.kind {
                    issue.kind = .valueNotOfDeclaredType(
                        column: column, declaredType: type, value: value, reason: "is refused by Postgres: \(refusal)")
                }
            }
            reported.insert(suspect.column)
            issues.append(issue)
        }
        return issues
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
