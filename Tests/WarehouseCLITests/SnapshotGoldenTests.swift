import Foundation
import PostgresClient
import Testing
import WarehouseTesting

/// `wh seed` + `wh snapshot` give the tables dbt-core 1.11.16 gives on the same data, round after round.
///
/// `SnapshotGoldens/make_goldens.sh` ran real dbt on `SnapshotGoldens/project` with three rounds of seed data
/// (updates, a change only the check strategy sees, hard deletes, a deleted row coming back, a new row, composite
/// keys, custom meta column names, `dbt_valid_to_current`) and wrote each snapshot table after each round through
/// `normalize.sql`, which replaces only the values dbt takes from the wall clock. This test runs `wh` the same way
/// and compares every table after every round.
@Suite("snapshots against dbt's goldens")
struct SnapshotGoldenTests {
    private static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("SnapshotGoldens")

    @Test("three rounds of changes give dbt's rows in every snapshot table")
    func roundsMatchDbt() async throws {
        let database = try await TestDatabase.create()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wh-snapgold-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.folder.appendingPathComponent("project"), to: root)
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["WH_DATABASE_URL": database.url]
        try await Self.execute(
            String(contentsOf: Self.folder.appendingPathComponent("normalize.sql"), encoding: .utf8), on: database)
        let tables = try String(contentsOf: Self.folder.appendingPathComponent("tables.txt"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: " ").map(String.init) }

        for round in 1...3 {
            let data = Self.folder.appendingPathComponent("rounds/\(round)")
            for file in try FileManager.default.contentsOfDirectory(atPath: data.path) {
                let seed = root.appendingPathComponent("seeds/\(file)")
                try? FileManager.default.removeItem(at: seed)
                try FileManager.default.copyItem(at: data.appendingPathComponent(file), to: seed)
            }
            let seeded = await CommandRunner.run(["seed", "--project-dir", root.path], environment: environment)
            #expect(seeded.exitCode == 0, "\(seeded.standardError)")
            try await Self.execute("insert into golden_runs values (\(round), clock_timestamp())", on: database)
            let snapshot = await CommandRunner.run(["snapshot", "--project-dir", root.path], environment: environment)
            #expect(snapshot.exitCode == 0, "round \(round): \(snapshot.standardOutput)\n\(snapshot.standardError)")
            for table in tables {
                let expected = try String(
                    contentsOf: Self.folder.appendingPathComponent("expected/\(round)/\(table[0]).csv"), encoding: .utf8
                )
                let rows = try await TestDatabase.rows(
                    "select * from golden_rows('\(table[0])', '\(table[1])', '\(table[2])')", in: database)
                let actual = rows.map { $0.first.flatMap { $0 } ?? "" }.joined(separator: "\n") + "\n"
                #expect(actual == expected, "round \(round), \(table[0])")
            }
        }
    }

    /// Runs a script of several statements (normalize.sql defines functions).
    private static func execute(_ sql: String, on database: ConnectionConfiguration) async throws {
        try Connection.connect(database, logger: TestDatabase.logger).execute(sql)
    }
}
