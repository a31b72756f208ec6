import Foundation
import Testing

@Suite struct GenerateCommandTests {
    @Test func writesExactlyTheRequestedRowsDeterministically() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wh-gen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let first = folder.appendingPathComponent("a.csv").path
        let second = folder.appendingPathComponent("b.csv").path
        let result = await CommandRunner.run(["generate", "retail-history", "--rows", "2500", "--output", first])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.hasPrefix("Wrote 2500 rows to \(first)"))
        _ = await CommandRunner.run(["generate", "retail-history", "--rows", "2500", "--output", second])
        let text = try String(contentsOfFile: first, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 2501)
        #expect(
            text.hasPrefix("invoice_no,stock_code,description,quantity,invoice_date,unit_price,customer_id,country\n"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
    }

    @Test func unwritablePathAndNegativeRowsAreUserErrors() async {
        let unwritable = await CommandRunner.run([
            "generate", "retail-history", "--rows", "10", "--output", "/nonexistent-folder/x.csv",
        ])
        #expect(unwritable.exitCode == 1)
        #expect(unwritable.standardError.contains("/nonexistent-folder/x.csv"))
        let negative = await CommandRunner.run(["generate", "retail-history", "--rows", "-5", "--output", "/tmp/x.csv"])
        #expect(negative.exitCode == 1)
    }
}
