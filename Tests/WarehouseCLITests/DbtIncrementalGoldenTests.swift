import Foundation
import PostgresClient
import Testing
import WarehouseTesting

/// A dbt project with merge, delete+insert, append and microbatch models gives the same relations under `wh` as
/// under dbt-core 1.11.16, before and after new rows arrive.
///
/// `DbtGoldens/incremental/make_goldens.sh` ran dbt on the project and wrote every model's rows after each round;
/// this test runs the same steps with `wh` on a fresh database and compares the rows.
@Suite("dbt incremental goldens")
struct DbtIncrementalGoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("DbtGoldens/incremental")
    static let models = ["orders_merge", "customer_totals", "events_append", "events_yearly"]

    @Test("wh builds the relations dbt built, after the first load and after new and changed rows")
    func sameRelationsAsDbt() async throws {
        let database = try await TestDatabase.create()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wh-goldens-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.folder.appendingPathComponent("project"), to: root)
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["WH_DATABASE_URL": database.url]
        let rounds: [(String, [[String]])] = [
            ("round1", [["run"]]),
            (
                "round2",
                [
                    ["run"],
                    [
                        "run", "--select", "events_yearly", "--event-time-start", "2021-01-01", "--event-time-end",
                        "2023-01-01",
                    ],
                ]
            ),
        ]
        for (round, commands) in rounds {
            let script = try String(contentsOf: Self.folder.appendingPathComponent("\(round).sql"), encoding: .utf8)
            for statement in script.split(separator: ";") where statement.contains(where: { !$0.isWhitespace }) {
                _ = try await TestDatabase.rows(String(statement), in: database)
            }
            for command in commands {
                let run = await CommandRunner.run(command + ["--project-dir", root.path], environment: environment)
                #expect(run.exitCode == 0, "\(round) \(command): \(run.standardOutput)\n\(run.standardError)")
            }
            for model in Self.models {
                let expected = try String(
                    contentsOf: Self.folder.appendingPathComponent("expected/\(round)/\(model).txt"), encoding: .utf8
                ).split(separator: "\n").map(String.init)
                let actual = try await TestDatabase.rows("select t::text from public.\(model) t", in: database)
                    .map { $0.first.flatMap { $0 } ?? "" }
                #expect(actual.sorted() == expected.sorted(), "\(round) \(model)")
            }
        }
    }
}
