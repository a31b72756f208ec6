import Foundation
import Testing
import WarehouseEngine

@Suite struct SeedColumnTypeTests {
    /// The types a plan infers for a CSV with the given header and rows.
    func inferredTypes(_ text: String) throws -> [String] {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("s.csv")
        try Data(text.utf8).write(to: file)
        return try SeedPlan(path: file.path, table: .init(name: "s")).columns.map(\.typeName)
    }

    func inferred(_ values: [String]) throws -> String {
        try inferredTypes((["c"] + values.map { "\"\($0)\"" }).joined(separator: "\n") + "\n")[0]
    }

    @Test func infersEachType() throws {
        #expect(try inferred(["1", "-42", "+7", "0", "2147483647", "-2147483648"]) == "integer")
        #expect(try inferred(["1", "2147483648"]) == "bigint")
        #expect(try inferred(["-9223372036854775808", "9223372036854775807"]) == "bigint")
        #expect(try inferred(["9223372036854775808"]) == "numeric")
        #expect(try inferred(["1.5", "-0.25", ".5", "5."]) == "numeric")
        #expect(try inferred(["true", "FALSE", "True"]) == "boolean")
        #expect(try inferred(["2024-02-29", "0001-01-01"]) == "date")
        #expect(try inferred(["2024-01-02 03:04", "2024-01-02T03:04:05", "2024-01-02 03:04:05.123456"]) == "timestamp")
        #expect(
            try inferred([
                "2024-01-02T03:04:05Z", "2024-01-02 03:04:05+02:00", "2024-01-02 03:04-0530",
                "2024-01-02 03:04:05.5+02",
            ]) == "timestamptz")
        #expect(try inferred(["hello"]) == "text")
    }

    @Test func rejectsLookAlikesAsText() throws {
        for value in ["007", "-01", "1e5", "NaN", "1.2.3", "--1", "-", ".", "1,5", " 1", "1 "] {
            #expect(try inferred(["1", value]) == "text", "\(value)")
        }
        for value in ["t", "f", "yes", "no", "on", "truex"] {
            #expect(try inferred(["true", value]) == "text", "\(value)")
        }
        for value in [
            "2023-02-29", "2024-13-01", "2024-04-31", "0000-01-01", "2024-1-01", "2024-01-01 24:00", "2024-01-01 12:60",
            "2024-01-01 12:00:61", "2024-01-01 12:00:00.", "2024-01-01 12:00 UTC", "2024-01-01 12:00+16",
            "2024-01-01x12:00",
        ] {
            #expect(try inferred(["2024-01-01", value]) == "text", "\(value)")
        }
    }

    @Test func mergesMixedColumns() throws {
        #expect(try inferred(["1", "2.5"]) == "numeric")
        #expect(try inferred(["2.5", "3000000000"]) == "numeric")
        #expect(try inferred(["1", "3000000000"]) == "bigint")
        #expect(try inferred(["2024-01-01", "2024-01-01 10:00"]) == "timestamp")
        #expect(try inferred(["2024-01-01 10:00", "2024-01-01 10:00Z"]) == "text")
        #expect(try inferred(["2024-01-01", "2024-01-01 10:00Z"]) == "text")
        #expect(try inferred(["1", "true"]) == "text")
        #expect(try inferred(["1", "2024-01-01"]) == "text")
        #expect(try inferred(["1", "2", "x", "3"]) == "text")
    }

    @Test func emptyValuesAreNullAndAllNullIsText() throws {
        #expect(try inferredTypes("a,b,c\n,1,\n,,x\n\"\",2,\n") == ["text", "integer", "text"])
        #expect(try inferredTypes("a,b\n") == ["text", "text"])
    }

    @Test func mergeTableIsSymmetric() {
        for left in SeedColumnType.allCases {
            for right in SeedColumnType.allCases {
                #expect(left.merged(with: right) == right.merged(with: left))
            }
            #expect(left.merged(with: .text) == .text)
            #expect(left.merged(with: left) == left)
        }
    }
}
