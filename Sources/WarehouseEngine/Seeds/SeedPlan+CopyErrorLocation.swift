import PostgresClient
import SQLTemplate
import WarehouseCore

extension SeedPlan {
    /// Where in the file the value lies that a `COPY` of this plan's data failed on, when the server says.
    ///
    /// The server names a line of COPY input in the error's context (`COPY t, line 4, column id: "x"`), counting
    /// physical lines, the header's and those inside quoted fields included. The failing record is the one that
    /// holds that line (the last record starting on or before it), found by scanning the file again; the location
    /// is the named column's field in it, or the record's first line, column 1, when no column of this plan is named.
    func location(of error: PostgresError) -> SourceLocation? {
        guard let copyLine = error.copyLineNumber, copyLine >= 1 else { return nil }
        let columnIndex = error.context.flatMap { context in
            columns.firstIndex { context.contains(", line \(copyLine), column \($0.name): ") }
        }
        guard let reader = try? CSVReader(path: path, displayPath: displayPath) else { return nil }
        reader.allowsMixedLineEndings = true
        var location: SourceLocation?
        while let record = try? reader.nextRecord(), record.line <= copyLine {
            guard let columnIndex, columnIndex < record.count else {
                location = SourceLocation(path: displayPath, line: record.line, column: 1)
                continue
            }
            let field = record[columnIndex]
            location = SourceLocation(path: displayPath, line: field.line, column: field.column)
        }
        return location
    }
}
