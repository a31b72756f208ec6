import Foundation
import PostgresClient
import Testing
import WarehouseTesting

/// Relations, columns and query results as real dbt renders them: `IntrospectionGoldens/project` compiled by
/// dbt-core 1.11.16 (`make_goldens.sh`, against a Postgres holding `setup.sql`'s table) and by `wh compile` against
/// a real Postgres holding the same table, compared byte for byte.
@Suite("introspection goldens from dbt")
struct IntrospectionGoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("IntrospectionGoldens")

    @Test("wh compile renders relation and column objects, catalog methods and query results as dbt compile does")
    func compiledLikeDbt() async throws {
        let database = try await TestDatabase.create()
        let setup = try String(contentsOf: Self.folder.appendingPathComponent("setup.sql"), encoding: .utf8)
        for statement in setup.split(separator: ";") where !statement.allSatisfy(\.isWhitespace) {
            _ = try await TestDatabase.rows(String(statement), in: database)
        }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wh-goldens-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.folder.appendingPathComponent("project"), to: root)
        defer { try? FileManager.default.removeItem(at: root) }

        let compile = await CommandRunner.run(
            ["compile", "--project-dir", root.path], environment: ["WH_DATABASE_URL": database.url])
        #expect(compile.exitCode == 0, "\(compile.standardError)")
        for model in ["objects", "introspect"] {
            // dbt compiled against a database named `wh`; this one has a name of its own.
            let expected = try String(
                contentsOf: Self.folder.appendingPathComponent("\(model).expected.sql"), encoding: .utf8
            ).replacingOccurrences(of: "\"wh\".", with: "\"\(database.database ?? "")\".")
            let compiled = try String(
                contentsOf: root.appendingPathComponent("target/compiled/goldens/models/\(model).sql"), encoding: .utf8)
            #expect(compiled == expected, "\(model)")
        }
    }
}
