import Foundation
import PostgresClient
import Testing
import WarehouseCore
import WarehouseTesting

@testable import WarehouseEngine

/// Builders and blocking helpers shared by the execution and materialization tests.
enum ExecutionFixture {
    static let logger = TestDatabase.logger

    /// A model node in schema `analytics` named `name`, with id `model.shop.<name>`.
    static func node(
        _ name: String,
        _ materialization: MaterializationKind,
        _ sql: String,
        parents: [String] = [],
        preHooks: [String] = [],
        postHooks: [String] = [],
        indexes: [IndexDefinition] = [],
        grants: [String: [String]] = [:]
    ) -> ExecutionNode {
        ExecutionNode(
            id: NodeID("model.shop.\(name)"),
            name: name,
            materialization: materialization,
            relation: Relation(database: "warehouse", schema: "analytics", identifier: name),
            compiledSQL: sql,
            parents: Set(parents.map { NodeID("model.shop.\($0)") }),
            preHooks: preHooks,
            postHooks: postHooks,
            indexes: indexes,
            grants: grants,
            path: "models/\(name).sql",
            compiledPath: "target/compiled/shop/models/\(name).sql"
        )
    }

    /// Runs `nodes` through the executor against `database`.
    static func run(
        _ nodes: [ExecutionNode],
        on database: ConnectionConfiguration,
        threads: Int = 1,
        failFast: Bool = false,
        progress: @escaping @Sendable (ProgressEvent) -> Void = { _ in }
    ) async throws -> RunResults {
        let executor = DAGExecutor(
            configuration: database, options: ExecutionOptions(threads: threads, failFast: failFast), logger: logger)
        return try await executor.run(nodes, progress: progress)
    }

    /// Runs a script on a fresh connection, on a thread of its own; returns the last statement's result.
    static func query(_ database: ConnectionConfiguration, _ sql: String) async throws -> QueryResult {
        try await BlockingWork.run {
            try Connection.connect(database, logger: logger).execute(sql)
        }
    }

    /// The first column of every row, as integers.
    static func ints(_ database: ConnectionConfiguration, _ sql: String) async throws -> [Int?] {
        try await query(database, sql).map { try $0.int(0) }
    }

    /// The first column of every row, as text.
    static func strings(_ database: ConnectionConfiguration, _ sql: String) async throws -> [String?] {
        try await query(database, sql).map { $0.string(0) }
    }

    /// The `relkind` of `analytics.<name>`, or `nil` when it does not exist.
    static func relkind(_ database: ConnectionConfiguration, _ name: String) async throws -> String? {
        try await strings(
            database,
            "select relkind::text from pg_class c join pg_namespace n on n.oid = c.relnamespace where nspname = 'analytics' and relname = '\(name)'"
        ).first ?? nil
    }
}
