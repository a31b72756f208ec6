import Foundation
import PostgresClient
import Testing
import WarehouseTesting

/// The end-of-run report of a failing test: what failed and where it is declared, what it tests, and the compiled
/// SQL to rerun.
@Suite("the failure report of wh test")
struct FailureReportTests {
    @Test("a failing test names itself with file:line, the model and column, and the compiled SQL path")
    func failingTestReport() async throws {
        let database = try await TestDatabase.create()
        let root = try CommandRunner.project([
            "models/orders.sql": "select 1 as order_id union all select 1 union all select 2",
            "models/schema.yml": """
            version: 2
            models:
              - name: orders
                columns:
                  - name: order_id
                    data_tests: [unique]
            """,
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["WH_DATABASE_URL": database.url]
        let run = await CommandRunner.run(["run", "--project-dir", root.path], environment: environment)
        #expect(run.exitCode == 0, "\(run.standardError)")

        let test = await CommandRunner.run(["test", "--project-dir", root.path], environment: environment)
        #expect(test.exitCode == 1)
        #expect(test.standardOutput.contains("\nCompleted with 1 error:"))
        let report = test.standardError.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(report.firstIndex { $0.hasPrefix("Failure in test") })
        #expect(report[start] == "Failure in test unique_orders_order_id (models/schema.yml:6)")
        #expect(report[start + 1] == "  on orders, column order_id")
        #expect(
            report.contains("  compiled SQL: target/compiled/shop/models/schema.yml/unique_orders_order_id.sql"))
        #expect(
            FileManager.default.fileExists(
                atPath: root.appendingPathComponent("target/compiled/shop/models/schema.yml/unique_orders_order_id.sql")
                    .path))
    }
}
