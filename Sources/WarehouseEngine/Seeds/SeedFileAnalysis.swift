import SQLTemplate
import WarehouseCore

/// The checking pass over a seed file: header names, `column_types` values, and type inference for the rest.
struct SeedFileAnalysis {
    private enum Check {
        case infer
        case declared(DeclaredColumnType)
        /// Declared as a type whose values `wh` does not check (`text`, `uuid`, ...).
        case none
    }

    /// A value `wh`'s check refuses for a type whose refusals the server confirms
    /// (``DeclaredColumnType/serverHasLastWord``): the issue it would be, and what to ask the server.
    struct Suspect {
        var issue: SeedIssue
        var column: String
        var value: String
        var typeName: String
    }

    /// The most suspects kept per column; past them the column is left to `COPY`, which locates a bad value too.
    static let maximumSuspectsPerColumn = 20

    let path: String
    let columnTypes: [String: String]
    var issues: [SeedIssue] = []
    private(set) var suspects: [Suspect] = []
    private(set) var columns: [SeedColumn] = []

    init(path: String, columnTypes: [String: String]) {
        self.path = path
        self.columnTypes = columnTypes
    }

    /// Reads the whole file; stops early after `SeedPlan.maximumIssueCount` issues.
    mutating func read(_ reader: CSVReader) throws(CSVError) {
        guard let header = try reader.nextRecord() else {
            issues.append(SeedIssue(.emptyFile, at: SourceLocation(path: path, line: 1, column: 1)))
            return
        }
        readHeader(header)
        guard issues.isEmpty else { return }

        var checks: [Check] = columns.map { column in
            guard let typeName = columnTypes[column.name] else { return .infer }
            let declared = DeclaredColumnType(parsing: typeName)
            return declared == .unchecked || declared == .text(maxLength: nil)
                ? .none : .declared(declared)
        }
        var inferred: [SeedColumnType?] = Array(repeating: nil, count: columns.count)
        var suspectCounts = Array(repeating: 0, count: columns.count)
        while let record = try reader.nextRecord() {
            for index in 0..<record.count {
                let field = record[index]
                if field.isEmpty { continue }
                switch checks[index] {
                case .infer:
                    switch inferred[index] {
                    case .text: break
                    case .none: inferred[index] = SeedColumnType.of(field.bytes)
                    case .some(let type):
                        let valueType = SeedColumnType.of(field.bytes)
                        if valueType != type {
                            inferred[index] = type.merged(with: valueType)
                        }
                    }
                case .declared(let type):
                    guard let reason = type.problem(with: field.bytes) else { continue }
                    let issue = issue(field, in: record, column: columns[index].name, reason: reason)
                    if type.serverHasLastWord {
                        suspects.append(
                            Suspect(
                                issue: issue, column: columns[index].name, value: field.string,
                                typeName: columnTypes[columns[index].name] ?? ""))
                        suspectCounts[index] += 1
                        if suspectCounts[index] >= Self.maximumSuspectsPerColumn { checks[index] = .none }
                        continue
                    }
                    issues.append(issue)
                    if issues.count >= SeedPlan.maximumIssueCount { return }
                    // One issue per column is enough to see the pattern; later rows would repeat it.
                    checks[index] = .none
                case .none:
                    continue
                }
            }
        }
        for index in columns.indices where columnTypes[columns[index].name] == nil {
            let type = inferred[index] ?? .text
            columns[index].inferredType = type
            columns[index].typeName = type.rawValue
        }
    }

    private mutating func readHeader(_ header: CSVRecord) {
        var firstColumns: [String: Int] = [:]
        for index in 0..<header.count {
            let field = header[index]
            let name = field.string
            let location = SourceLocation(path: path, line: field.line, column: field.column)
            if name.isEmpty {
                issues.append(SeedIssue(.emptyColumnName, at: location, sourceLine: header.sourceLine(field.line)))
            } else if let first = firstColumns[name] {
                issues.append(
                    SeedIssue(
                        .duplicateColumnName(name, firstColumn: first),
                        at: location,
                        sourceLine: header.sourceLine(field.line)
                    )
                )
            } else {
                firstColumns[name] = field.column
            }
            columns.append(
                SeedColumn(name: name, typeName: columnTypes[name] ?? "", inferredType: nil, location: location)
            )
        }
        for name in columnTypes.keys.sorted() where firstColumns[name] == nil {
            issues.append(
                SeedIssue(
                    .unknownColumnInColumnTypes(name, header: columns.map(\.name)),
                    at: SourceLocation(path: path, line: header.line, column: 1),
                    sourceLine: header.sourceLine(header.line)
                )
            )
        }
    }

    private func issue(_ field: CSVField, in record: CSVRecord, column: String, reason: String) -> SeedIssue {
        var value = field.string
        if value.count > 40 {
            value = value.prefix(37) + "..."
        }
        return SeedIssue(
            .valueNotOfDeclaredType(
                column: column, declaredType: columnTypes[column] ?? "", value: value, reason: reason),
            at: SourceLocation(path: path, line: field.line, column: field.column),
            sourceLine: record.sourceLine(field.line)
        )
    }
}
