import Foundation
import SQLTemplate
import Testing
import WarehouseCore
import WarehouseEngine

/// A record copied out of a reader, with each field's position.
struct ReadRecord: Equatable, CustomStringConvertible {
    var line: Int
    var values: [String]
    var positions: [[Int]]

    var description: String { "\(line): \(values) at \(positions)" }
}

/// Reads all records of `bytes` with the given chunk size.
func readAll(_ bytes: [UInt8], chunkSize: Int = 1 << 20, path: String = "seeds/t.csv") throws -> [ReadRecord] {
    let reader = CSVReader(bytes: bytes, path: path, chunkSize: chunkSize)
    var records: [ReadRecord] = []
    while let record = try reader.nextRecord() {
        records.append(
            ReadRecord(
                line: record.line,
                values: record.strings,
                positions: (0..<record.count).map { [record[$0].line, record[$0].column] }
            )
        )
    }
    return records
}

func readAll(_ text: String, chunkSize: Int = 1 << 20) throws -> [ReadRecord] {
    try readAll(Array(text.utf8), chunkSize: chunkSize)
}

/// The error reading `bytes` throws, or nil when it reads cleanly; checked at several chunk sizes to agree.
func csvError(_ bytes: [UInt8]) -> CSVError? {
    var errors: [CSVError?] = []
    for chunkSize in [1, 2, 7, 1 << 20] {
        do {
            _ = try readAll(bytes, chunkSize: chunkSize)
            errors.append(nil)
        } catch {
            errors.append(error as? CSVError)
        }
    }
    return Set(errors.map { $0.map { "\($0.kind) \($0.location) \($0.sourceLine ?? "-")" } ?? "none" }).count == 1
        ? errors[0] : nil
}

func csvError(_ text: String) -> CSVError? { csvError(Array(text.utf8)) }

/// A fresh temporary directory, removed by the caller.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("wh-seeds-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
