import SQLTemplate
import Testing
import WarehouseCore

/// What CSV ingest needs of the reader beyond seeds: other delimiters, each record's raw bytes, the bytes as read,
/// and going on after a bad record.
@Suite struct CSVReaderRecoveryTests {
    /// Every record as "line: raw", a bad one as "line! error [skipped text]".
    private func read(_ text: String, delimiter: Character = ",", chunkSize: Int = 1 << 20) throws -> [String] {
        let reader = CSVReader(
            bytes: Array(text.utf8), path: "f.csv", chunkSize: chunkSize, delimiter: delimiter.asciiValue ?? 0)
        var result: [String] = []
        while true {
            do throws(CSVError) {
                guard let record = try reader.nextRecord() else { return result }
                result.append("\(record.line): \(String(decoding: record.rawBytes, as: UTF8.self)) \(record.strings)")
            } catch {
                let skipped = try reader.skipBadRecord(after: error)
                result.append("\(skipped.line)! \(error.diagnostic.message) [\(skipped.text)]")
            }
        }
    }

    @Test func otherDelimitersSplitFieldsAndCommasAreText() throws {
        #expect(
            try read("a;b\n1,5;\"x;y\"\n", delimiter: ";") == [
                "1: a;b [\"a\", \"b\"]", "2: 1,5;\"x;y\" [\"1,5\", \"x;y\"]",
            ])
        #expect(
            try read("a\tb|c\n1\t2|3\n", delimiter: "\t") == [
                "1: a\tb|c [\"a\", \"b|c\"]", "2: 1\t2|3 [\"1\", \"2|3\"]",
            ])
        #expect(try read("a|b\n1|2\n", delimiter: "|") == ["1: a|b [\"a\", \"b\"]", "2: 1|2 [\"1\", \"2\"]"])
    }

    @Test func readingGoesOnAfterBadRecordsAtEveryChunkSize() throws {
        let text = "a,b\n1,\"two\nlines\"\n2\n3,x\"y\n4,\"a\"b\n5,\"c\nd\",e\n6,ok\n"
        let expected = [
            "1: a,b [\"a\", \"b\"]",
            "2: 1,\"two\nlines\" [\"1\", \"two\\nlines\"]",
            "4! row has 1 field, header has 2 [2]",
            "5! quote inside an unquoted field [3,x\"y]",
            "6! text after the closing quote of a field [4,\"a\"b]",
            "7! row has 3 fields, header has 2 [5,\"c\nd\",e]",
            "9: 6,ok [\"6\", \"ok\"]",
        ]
        for chunkSize in [1, 2, 3, 7, 64, 1 << 20] {
            #expect(try read(text, chunkSize: chunkSize) == expected, "chunk size \(chunkSize)")
        }
    }

    @Test func anUnclosedQuoteSkipsItsFirstLineAndReadsOn() throws {
        #expect(
            try read("a,b\n1,\"open\n2,b\n") == [
                "1: a,b [\"a\", \"b\"]", "2! quoted field is never closed [1,\"open]", "3: 2,b [\"2\", \"b\"]",
            ])
    }

    @Test func theReadObserverSeesEveryByteOnce() throws {
        let bytes = Array("\u{FEFF}a,b\n1,2\n3,4".utf8)
        let reader = CSVReader(bytes: bytes, path: "f.csv", chunkSize: 3)
        nonisolated(unsafe) var seen: [UInt8] = []
        reader.readObserver = { seen += $0 }
        while try reader.nextRecord() != nil {}
        #expect(seen == bytes)
    }
}
