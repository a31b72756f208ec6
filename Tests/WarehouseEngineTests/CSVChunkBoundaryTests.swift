import Foundation
import SQLTemplate
import Testing
import WarehouseCore
import WarehouseEngine

@Suite struct CSVChunkBoundaryTests {
    /// A CRLF file with a byte order mark and ~50k rows of quoted, multi-line, escaped and unicode values,
    /// with the rows it holds and the file offsets of its quoted fields and record-ending carriage returns.
    struct Generated {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        var rows: [[String]] = []
        var quotedRanges: [Range<Int>] = []
        var terminatorOffsets: [Int] = []

        init(rowCount: Int) {
            append(["id", "note", "price", "day"], quoted: [false, false, false, false])
            for id in 1...rowCount {
                var note = id % 3 == 0 ? "line \(id)\r\nsecond, \"quoted\" ✓" : "plain ü \(id)"
                // One long quoted field across the first 1 MiB boundary.
                if bytes.count < 1 << 20 && bytes.count + 200 > 1 << 20
                    && !quotedRanges.contains(where: { $0.contains(1 << 20) })
                {
                    note = String(repeating: "long \"quoted\"\r\n", count: 30)
                }
                let price = id % 5 == 0 ? "" : "\(id).\(id % 100)"
                let day = "2024-01-\(String(format: "%02d", id % 28 + 1))"
                append(["\(id)", note, price, day], quoted: [false, id % 2 == 0, false, false])
            }
        }

        mutating func append(_ values: [String], quoted: [Bool]) {
            for (index, value) in values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                let start = bytes.count
                if quoted[index] || value.contains("\n") || value.contains("\"") || value.contains(",") {
                    bytes += Array(("\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"").utf8)
                    quotedRanges.append(start..<bytes.count)
                } else {
                    bytes += Array(value.utf8)
                }
            }
            terminatorOffsets.append(bytes.count)
            bytes += [13, 10]
            rows.append(values)
        }
    }

    static let generated = Generated(rowCount: 50_000)

    func readRows(path: String, chunkSize: Int) throws -> [[String]] {
        let reader = try CSVReader(path: path, chunkSize: chunkSize)
        var rows: [[String]] = []
        while let record = try reader.nextRecord() {
            rows.append(record.strings)
        }
        #expect(reader.hasByteOrderMark)
        #expect(reader.lineEnding == .crlf)
        return rows
    }

    @Test func readsTheSameRowsAtEveryChunkSize() throws {
        let generated = Self.generated
        let chunk = 1 << 20
        #expect(generated.bytes.count > 2 * chunk)
        // The first read ends inside a quoted field, and another read ends between a CR and its LF.
        #expect(generated.quotedRanges.contains { $0.contains(chunk) && $0.lowerBound < chunk - 1 })
        let splitTerminator = try #require(generated.terminatorOffsets.dropFirst(1000).first)

        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("big.csv")
        try Data(generated.bytes).write(to: file)

        for chunkSize in [chunk, 7, splitTerminator + 1] {
            let rows = try readRows(path: file.path, chunkSize: chunkSize)
            #expect(rows.count == generated.rows.count, "chunk size \(chunkSize)")
            #expect(rows == generated.rows, "chunk size \(chunkSize)")
        }

        let plan = try SeedPlan(path: file.path, table: .init(name: "big"), chunkSize: 7)
        #expect(plan.rowCount == 50_000)
        #expect(plan.columns.map(\.typeName) == ["integer", "text", "numeric", "date"])
        var sent = 0
        try plan.forEachCopyChunk { sent += $0.count }
        #expect(sent == generated.bytes.count - 3)
    }

    @Test func reportsAnErrorPastAChunkBoundaryAtItsLine() throws {
        var generated = Generated(rowCount: 30_000)
        generated.bytes += Array("30001,\"x\"y,1.0,2024-01-01\r\n".utf8)
        let errorLine = 1 + generated.rows.reduce(0) { $0 + 1 + $1[1].unicodeScalars.filter { $0 == "\n" }.count }
        #expect(generated.bytes.count > 1 << 20)
        for chunkSize in [1 << 20, 1000] {
            let reader = CSVReader(bytes: generated.bytes, path: "big.csv", chunkSize: chunkSize)
            #expect {
                while try reader.nextRecord() != nil {}
            } throws: { error in
                guard let error = error as? CSVError else { return false }
                return error.kind == .textAfterClosingQuote && error.location.line == errorLine
                    && error.location.column == 10 && error.sourceLine == "30001,\"x\"y,1.0,2024-01-01"
            }
        }
    }
}
