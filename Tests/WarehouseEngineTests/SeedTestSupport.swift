import Foundation
import PostgresClient
import Testing
import WarehouseCore
import WarehouseTesting

@testable import WarehouseEngine

/// A temporary `seeds/` folder and seed nodes reading from it.
struct SeedFolder {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("wh-seeds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// Writes `seeds/<name>.csv` with exactly `bytes`.
    func write(_ name: String, bytes: [UInt8]) throws {
        try Data(bytes).write(to: url(name))
    }

    /// Writes `seeds/<name>.csv` with `text` as UTF-8.
    func write(_ name: String, _ text: String) throws {
        try write(name, bytes: Array(text.utf8))
    }

    func url(_ name: String) -> URL { root.appendingPathComponent("\(name).csv") }

    /// A seed node `seed.shop.<name>` loading `seeds/<name>.csv` into `analytics.<name>`.
    func node(_ name: String, columnTypes: [String: String] = [:]) -> ExecutionNode {
        ExecutionNode(
            id: NodeID("seed.shop.\(name)"),
            name: name,
            resourceType: .seed,
            materialization: .seed,
            relation: Relation(database: "warehouse", schema: "analytics", identifier: name),
            compiledSQL: "",
            path: "seeds/\(name).csv",
            seed: SeedSource(fileURL: url(name), columnTypes: columnTypes)
        )
    }

    /// Runs the seed `name` alone through the executor and returns its result.
    func load(
        _ name: String,
        on database: ConnectionConfiguration,
        columnTypes: [String: String] = [:]
    ) async throws -> NodeResult {
        let results = try await ExecutionFixture.run([node(name, columnTypes: columnTypes)], on: database)
        return try #require(results.results.first)
    }
}

extension ExecutionFixture {
    /// The `oid` of `analytics.<name>`, to tell a table refilled in place from one replaced.
    static func oid(_ database: ConnectionConfiguration, _ name: String) async throws -> Int? {
        try await ints(database, "select 'analytics.\(name)'::regclass::oid::bigint").first ?? nil
    }

    /// `column type` for each column of `analytics.<name>`, in order, as `information_schema` spells them.
    static func columns(_ database: ConnectionConfiguration, _ name: String) async throws -> [String?] {
        try await strings(
            database,
            """
            select column_name || ' ' || data_type
                || coalesce('(' || character_maximum_length || ')', '')
                || case when data_type = 'numeric' then coalesce('(' || numeric_precision || ',' || numeric_scale || ')', '') else '' end
            from information_schema.columns
            where table_schema = 'analytics' and table_name = '\(name)' order by ordinal_position
            """
        )
    }

    /// Relations whose names mark them as scratch relations of a rebuild (`__wh_tmp`, `__wh_backup`).
    static func scratchRelations(_ database: ConnectionConfiguration) async throws -> [String?] {
        try await strings(database, "select relname::text from pg_class where relname like '%\\_\\_wh\\_%'")
    }
}
