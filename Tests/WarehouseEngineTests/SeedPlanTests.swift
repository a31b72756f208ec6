import Foundation
import SQLTemplate
import Testing
import WarehouseCore
import WarehouseEngine

@Suite struct SeedPlanTests {
    /// Writes `bytes` to a temporary seed file and makes a plan for it.
    func plan(
        _ bytes: [UInt8],
        columnTypes: [String: String] = [:],
        check: (SeedPlan, String) throws -> Void = { _, _ in }
    ) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("orders.csv")
        try Data(bytes).write(to: file)
        let plan = try SeedPlan(
            path: file.path,
            displayPath: "seeds/orders.csv",
            table: .init(schema: "bronze", name: "orders"),
            columnTypes: columnTypes
        )
        try check(plan, file.path)
    }

    func plan(
        _ text: String, columnTypes: [String: String] = [:], check: (SeedPlan, String) throws -> Void = { _, _ in }
    ) throws {
        try plan(Array(text.utf8), columnTypes: columnTypes, check: check)
    }

    /// The issues making a plan for `text` reports.
    func issues(_ text: String, columnTypes: [String: String] = [:]) -> [SeedIssue] {
        do {
            try plan(text, columnTypes: columnTypes)
            return []
        } catch let error as SeedError {
            return error.issues
        } catch {
            Issue.record("unexpected error \(error)")
            return []
        }
    }

    func location(_ line: Int, _ column: Int) -> SQLTemplate.SourceLocation {
        SQLTemplate.SourceLocation(path: "seeds/orders.csv", line: line, column: column)
    }

    @Test func buildsStatementsWithQuotedIdentifiers() throws {
        try plan("id,\"Say \"\"hi\"\"\",amount\n1,x,2.5\n2,,\n", columnTypes: ["amount": "numeric(10,2)"]) { plan, _ in
            #expect(plan.columns.map(\.name) == ["id", "Say \"hi\"", "amount"])
            #expect(plan.columns.map(\.typeName) == ["integer", "text", "numeric(10,2)"])
            #expect(plan.columns.map(\.inferredType) == [.integer, .text, nil])
            #expect(plan.columns[2].location == location(1, 17))
            #expect(plan.rowCount == 2)
            #expect(
                plan.createTableStatement
                    == #"CREATE TABLE "bronze"."orders" ("id" integer, "Say ""hi""" text, "amount" numeric(10,2))"#
            )
            #expect(
                plan.copyStatement
                    == #"COPY "bronze"."orders" ("id", "Say ""hi""", "amount") FROM STDIN WITH (FORMAT csv, HEADER true, ENCODING 'UTF8', FORCE_NULL ("id", "Say ""hi""", "amount"))"#
            )
        }
    }

    @Test(arguments: [1, 2, 5, 1 << 20]) func copyDataIsTheFileWithoutByteOrderMark(chunkSize: Int) throws {
        let body = "a,b\r\n1,\"x\r\ny\"\r\n2,é\r\n"
        try plan([0xEF, 0xBB, 0xBF] + Array(body.utf8)) { plan, _ in
            #expect(plan.hasByteOrderMark)
            #expect(plan.dataByteCount == body.utf8.count)
            var sent: [UInt8] = []
            var chunks = 0
            try plan.forEachCopyChunk(chunkSize: chunkSize) { chunk in
                #expect(chunk.count <= chunkSize)
                sent += chunk
                chunks += 1
            }
            #expect(sent == Array(body.utf8))
            #expect(chunks >= body.utf8.count / chunkSize)
        }
    }

    @Test func copyDataRefusesAFileThatChanged() throws {
        try plan("a\n1\n") { plan, path in
            try Data("a\n1\n2\n".utf8).write(to: URL(fileURLWithPath: path))
            var sent = 0
            #expect(throws: SeedError.self) {
                try plan.forEachCopyChunk { sent += $0.count }
            }
            #expect(sent == 0)
        }
    }

    @Test func columnTypesWinOverInference() throws {
        try plan("id,code,flag\n1,007,yes\n2,8,0\n", columnTypes: ["id": "bigint", "code": "text", "flag": "BOOL"]) {
            plan, _ in
            #expect(plan.columns.map(\.typeName) == ["bigint", "text", "BOOL"])
        }
        // A type wh does not know goes through unchecked.
        try plan("id\nnot-a-uuid\n", columnTypes: ["id": "uuid"]) { plan, _ in
            #expect(plan.columns.map(\.typeName) == ["uuid"])
        }
    }

    @Test func declaredTypeMismatchPointsAtTheValue() throws {
        let found = issues("id,quantity\n1,3\n2,3.5\n3,x\n", columnTypes: ["quantity": "integer"])
        #expect(found.count == 1)
        let issue = try #require(found.first)
        #expect(
            issue.kind
                == .valueNotOfDeclaredType(
                    column: "quantity", declaredType: "integer", value: "3.5", reason: "is not a whole number"))
        #expect(issue.location == location(3, 3))
        #expect(
            issue.description == """
                seeds/orders.csv:3:3: error: value '3.5' is not a whole number
                    2,3.5
                      ^
                  help: column quantity is declared integer in column_types; fix the value or change the type
                """
        )
    }

    @Test func reportsOneIssuePerColumnAcrossColumns() {
        let found = issues("a,b\nx,1\n1,y\n", columnTypes: ["a": "int", "b": "int4"])
        #expect(found.map(\.location) == [location(2, 1), location(3, 3)])
    }

    /// The reason a value fails `type`, or nil when it passes.
    func reason(_ value: String, _ type: String) -> String? {
        let found = issues("v\n\"\(value)\"\n", columnTypes: ["v": type])
        guard case .valueNotOfDeclaredType(_, _, _, let reason)? = found.first?.kind else { return nil }
        return reason
    }

    @Test func checksDeclaredTypesLikePostgres() {
        #expect(reason("32767", "smallint") == nil)
        #expect(reason("32768", "int2") == "is out of range for smallint")
        #expect(reason(" 12 ", "integer") == nil)
        #expect(reason("2147483648", "integer") == "is out of range for integer")
        #expect(reason("9223372036854775807", "int8") == nil)
        #expect(reason("9223372036854775808", "bigint") == "is out of range for bigint")
        #expect(reason("1e400", "numeric") == nil)
        #expect(reason("NaN", "decimal") == nil)
        #expect(reason("abc", "numeric") == "is not a number")
        #expect(reason("999.994", "numeric(5,2)") == nil)
        #expect(reason("999.995", "numeric(5,2)") == "does not fit numeric(5,2): at most 3 digits before the point")
        #expect(reason("-1234.5", "NUMERIC(5, 2)") == "does not fit numeric(5,2): at most 3 digits before the point")
        #expect(reason("0.004", "numeric(2,2)") == nil)
        #expect(reason("0.995", "numeric(2,2)") == "does not fit numeric(2,2): it must round to less than 1e0")
        #expect(reason("1.5e2", "numeric(3,0)") == nil)
        #expect(reason("1.5e3", "numeric(3,0)") == "does not fit numeric(3,0): at most 3 digits before the point")
        #expect(reason("1e38", "real") == nil)
        #expect(reason("1e39", "float4") == "is out of range for real")
        #expect(reason("-Infinity", "double precision") == nil)
        #expect(reason("1e309", "float8") == "is out of range for double precision")
        for value in ["t", "TRUE", "fa", "yes", "n", "on", "OFF", "1", "0", " true "] {
            #expect(reason(value, "boolean") == nil, "\(value)")
        }
        for value in ["o", "2", "truee", "x"] {
            #expect(reason(value, "bool") == "is not a boolean (true/false, yes/no, on/off, 1/0)", "\(value)")
        }
        #expect(reason("2024-02-29", "date") == nil)
        #expect(reason("infinity", "date") == nil)
        #expect(reason("2024-01-01", "timestamp") == nil)
        #expect(reason("2024-01-01T10:00:00+01:00", "timestamp without time zone") == nil)
        #expect(reason("2024-01-01 10:00", "timestamptz") == nil)
        #expect(reason("héllo", "varchar(5)") == nil)
        #expect(reason("ab   ", "character varying(2)") == nil)
        #expect(reason("héllo!", "varchar(5)") == "is 6 characters long, more than the 5 allowed")
        #expect(reason("ab", "char") == "is 2 characters long, more than the 1 allowed")
        #expect(reason("anything at all", "varchar") == nil)
        #expect(reason("anything", "jsonb") == nil)
    }

    @Test func headerNamesMustBePresentAndUnique() {
        let found = issues("id,,name,id\n1,2,3,4\n")
        #expect(found.map(\.kind) == [.emptyColumnName, .duplicateColumnName("id", firstColumn: 1)])
        #expect(found.map(\.location) == [location(1, 4), location(1, 10)])
        #expect(found.first?.sourceLine == "id,,name,id")
    }

    @Test func columnTypesMustNameHeaderColumns() {
        let found = issues("id,name\n1,x\n", columnTypes: ["qty": "integer"])
        #expect(found.map(\.kind) == [.unknownColumnInColumnTypes("qty", header: ["id", "name"])])
        #expect(found.first?.location == location(1, 1))
    }

    @Test func emptyFileAndCSVErrorsAreIssues() {
        #expect(issues("").map(\.kind) == [.emptyFile])
        let found = issues("id,name\n1,x\n2\n")
        #expect(found.map(\.kind) == [.csv(.raggedRow(fields: 1, expected: 2))])
        #expect(found.first?.location == location(3, 2))
        #expect(
            found.first?.description.hasPrefix("seeds/orders.csv:3:2: error: row has 1 field, header has 2") == true)
    }

    @Test func typeIssuesBeforeACSVErrorAreKept() {
        let found = issues("a,b\nx,1\n1,\"y\n", columnTypes: ["a": "integer"])
        #expect(
            found.map(\.kind) == [
                .valueNotOfDeclaredType(
                    column: "a", declaredType: "integer", value: "x", reason: "is not a whole number"),
                .csv(.unterminatedQuotedField),
            ])
    }

    @Test func missingFileIsAnIssue() {
        #expect {
            _ = try SeedPlan(path: "/nonexistent/x.csv", displayPath: "seeds/x.csv", table: .init(name: "x"))
        } throws: { error in
            guard let error = error as? SeedError, case .csv(.unreadable)? = error.issues.first?.kind else {
                return false
            }
            return true
        }
    }
}
