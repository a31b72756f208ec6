import Foundation
import PostgresClient
import SQLTemplate
import Testing
import WarehouseCore
import WarehouseTesting

@testable import WarehouseEngine

/// The seed type check refuses a value exactly when Postgres's own cast refuses it: each case below is loaded as a
/// one-value seed and its verdict compared with a cast the test asks the server for itself.
@Suite("Seed values checked against Postgres's casts")
struct SeedValueCastTests {
    typealias F = ExecutionFixture

    /// Values near the edge of what `wh`'s own checks accept, among them the three the issue names.
    static let cases: [(value: String, type: String)] = [
        ("2024-01-01 10:00", "date"), ("01/02/2024", "timestamptz"), ("0x10", "float8"),
        ("2024-02-29", "date"), ("2023-02-29", "date"), ("Jan 2 2024", "date"), ("20240102", "date"),
        ("2024-13-01", "date"), ("not a date", "date"), ("epoch", "timestamp"), ("2024-01-01 25:00", "timestamp"),
        ("2024-01-01T10:00:00Z", "timestamp with time zone"), ("2024-01-01 10:00 Europe/Paris", "timestamptz"),
        ("1e309", "float8"), ("1e39", "real"), ("0x1p3", "double precision"), (" 1.5 ", "real"), ("NaN", "float8"),
        ("-inf", "float4"), ("1,5", "float8"), ("12abc", "double precision"),
    ]

    /// Postgres's verdict, asked directly: nil when it reads `value` as `type`, else its message.
    static func castRefusal(_ value: String, _ type: String, on connection: Connection) -> String? {
        do {
            _ = try connection.query("select $1::\(type)", [.string(value)])
            return nil
        } catch {
            return error.message
        }
    }

    @Test("a seed loads each value Postgres's cast accepts and refuses each other, at its line and column")
    func verdictsMatchRealCasts() async throws {
        let database = try await TestDatabase.create()
        let connection = try Connection.connect(database, logger: TestDatabase.logger)
        let seeds = try SeedFolder()
        var accepted = 0
        for (index, testCase) in Self.cases.enumerated() {
            let name = "value_\(index)"
            try seeds.write(name, "id,v\n1,\"\(testCase.value)\"\n")
            let result = try await seeds.load(name, on: database, columnTypes: ["v": testCase.type])
            let refusal = Self.castRefusal(testCase.value, testCase.type, on: connection)
            guard let refusal else {
                accepted += 1
                #expect(result.status == .success, "\(testCase) is read by Postgres: \(result.message)")
                let loaded = try await F.strings(database, "select v::text from analytics.\(name)")
                let cast = try connection.query("select $1::\(testCase.type)::text", [.string(testCase.value)])
                #expect(loaded == [cast.string(row: 0, column: 0)], "\(testCase)")
                continue
            }
            #expect(result.status == .error, "\(testCase) is refused by Postgres: \(refusal)")
            guard case .seed(let error)? = result.error?.cause else {
                Issue.record("\(testCase): expected the seed check to refuse it, got \(result.message)")
                continue
            }
            #expect(error.issues.count == 1)
            let diagnostic = try #require(error.issues.first?.diagnostic)
            #expect(diagnostic.location.description == "seeds/\(name).csv:2:3", "\(testCase)")
            #expect(diagnostic.message == "value '\(testCase.value)' is refused by Postgres: \(refusal)")
            #expect(
                diagnostic.help
                    == "column v is declared \(testCase.type) in column_types; fix the value or change the type")
        }
        // Both verdicts occur, so neither branch passes vacuously.
        #expect(accepted > 5 && accepted < Self.cases.count - 5)
    }
}
