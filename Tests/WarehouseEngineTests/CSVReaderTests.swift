import Foundation
import SQLTemplate
import Testing
import WarehouseCore
import WarehouseEngine

@Suite struct CSVReaderTests {
    static let chunkSizes = [1, 2, 3, 7, 1 << 20]

    @Test(arguments: chunkSizes) func readsPlainRecordsWithPositions(chunkSize: Int) throws {
        let records = try readAll("id,name\n1,ann\n22,bo\n", chunkSize: chunkSize)
        #expect(
            records == [
                ReadRecord(line: 1, values: ["id", "name"], positions: [[1, 1], [1, 4]]),
                ReadRecord(line: 2, values: ["1", "ann"], positions: [[2, 1], [2, 3]]),
                ReadRecord(line: 3, values: ["22", "bo"], positions: [[3, 1], [3, 4]]),
            ]
        )
    }

    @Test(arguments: chunkSizes) func unquotesEscapesAndKeepsEmbeddedCommasAndNewlines(chunkSize: Int) throws {
        let text = "id,text,n\n1,\"a \"\"q\"\", b\",x\n2,\"line1\nline2\",y\n3,\"\",\n"
        let records = try readAll(text, chunkSize: chunkSize)
        #expect(
            records.map(\.values) == [
                ["id", "text", "n"], ["1", "a \"q\", b", "x"], ["2", "line1\nline2", "y"], ["3", "", ""],
            ])
        #expect(records.map(\.line) == [1, 2, 3, 5])
        // The field after a multi-line field sits on the field's last line.
        #expect(records[2].positions == [[3, 1], [3, 3], [4, 8]])
        #expect(records[3].positions == [[5, 1], [5, 3], [5, 6]])
    }

    @Test(arguments: chunkSizes) func readsCRLFAndKeepsCRLFInsideQuotes(chunkSize: Int) throws {
        let records = try readAll("a,b\r\n1,\"x\r\ny\"\r\n2,3\r\n", chunkSize: chunkSize)
        #expect(records.map(\.values) == [["a", "b"], ["1", "x\r\ny"], ["2", "3"]])
        #expect(records.map(\.line) == [1, 2, 4])
        #expect(records[2].positions == [[4, 1], [4, 3]])
    }

    @Test(arguments: chunkSizes) func skipsByteOrderMarkAndReadsLastLineWithoutNewline(chunkSize: Int) throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a,b\n1,2".utf8)
        let reader = CSVReader(bytes: bytes, path: "s.csv", chunkSize: chunkSize)
        let header = try #require(try reader.nextRecord())
        #expect(header.strings == ["a", "b"])
        #expect(header[0].column == 1)
        let row = try #require(try reader.nextRecord())
        #expect(row.strings == ["1", "2"])
        #expect(row[1].line == 2 && row[1].column == 3)
        #expect(try reader.nextRecord() == nil)
        #expect(reader.hasByteOrderMark)
        #expect(reader.dataByteCount == 7)
        #expect(reader.recordCount == 2)
    }

    @Test(arguments: chunkSizes) func countsColumnsInUnicodeScalars(chunkSize: Int) throws {
        let records = try readAll("név,城市,x\nÁrpád,東京,\"é\"\n🎉,b,c\n", chunkSize: chunkSize)
        #expect(records[1].values == ["Árpád", "東京", "é"])
        #expect(records[1].positions == [[2, 1], [2, 7], [2, 10]])
        #expect(records[2].positions == [[3, 1], [3, 3], [3, 5]])
    }

    @Test(arguments: chunkSizes) func readsEmptyFieldsAndBlankLastField(chunkSize: Int) throws {
        let records = try readAll("a,b,c\n,,\n1,,", chunkSize: chunkSize)
        #expect(records.map(\.values) == [["a", "b", "c"], ["", "", ""], ["1", "", ""]])
        #expect(records[2].positions == [[3, 1], [3, 3], [3, 4]])
    }

    @Test func emptyInputHasNoRecords() throws {
        #expect(try readAll("").isEmpty)
        #expect(try readAll([0xEF, 0xBB, 0xBF]).isEmpty)
    }

    @Test func singleColumnFileAllowsEmptyLinesAsEmptyValues() throws {
        let records = try readAll("a\n\nx\n")
        #expect(records.map(\.values) == [["a"], [""], ["x"]])
    }

    @Test func readsFromAFileAndReportsMissingFiles() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("x.csv")
        try Data("a,b\n1,\"2\n3\"\n".utf8).write(to: file)
        let reader = try CSVReader(path: file.path, displayPath: "seeds/x.csv", chunkSize: 4)
        var values: [[String]] = []
        while let record = try reader.nextRecord() {
            values.append(record.strings)
        }
        #expect(values == [["a", "b"], ["1", "2\n3"]])

        #expect {
            _ = try CSVReader(path: directory.appendingPathComponent("missing.csv").path, displayPath: "seeds/m.csv")
        } throws: { error in
            guard let error = error as? CSVError, case .unreadable = error.kind else { return false }
            return error.location == SourceLocation(path: "seeds/m.csv", line: 1, column: 1)
        }
    }

    @Test func recordGivesSourceLinesOfItsLines() throws {
        let reader = CSVReader(bytes: Array("a,b\r\n1,\"x\r\nyz\"\r\n".utf8), path: "s.csv")
        _ = try reader.nextRecord()
        let record = try #require(try reader.nextRecord())
        #expect(record.sourceLine(2) == "1,\"x")
        #expect(record.sourceLine(3) == "yz\"")
        #expect(record.sourceLine(4) == nil)
        #expect(record.sourceLine(1) == nil)
    }
}
