import PostgresClient
import SQLTemplate
import Testing
import WarehouseCore
import WarehouseTesting

@testable import WarehouseEngine

/// The snapshot materialization against a real Postgres: the history each strategy and hard-delete mode records
/// over several runs, written out by hand from dbt's documented rules.
///
/// The snapshot reads `public.src (id int, v text, updated_at timestamp)`, which each test rewrites between runs.
/// Times the snapshot takes from the clock (deletions, a check strategy without `updated_at`) are compared with the
/// run's own bounds.
@Suite("Snapshot materialization")
struct SnapshotMaterializationTests {
    typealias F = ExecutionFixture

    /// A snapshot node `snap` over `sql` with the config keys `config`.
    static func node(_ config: [String: Literal], sql: String = "select * from public.src") throws -> ExecutionNode {
        var node = F.node("snap", .snapshot, sql)
        node.resourceType = .snapshot
        node.path = "snapshots/snap.sql"
        let nodeConfig = try NodeConfig(defaultsFor: .snapshot).merging(config)
        node.snapshot = SnapshotPlan(
            config: try SnapshotConfig(reading: nodeConfig),
            location: SourceLocation(path: "snapshots/snap.sql", line: 3, column: 1))
        return node
    }

    static func database() async throws -> ConnectionConfiguration {
        let database = try await TestDatabase.create()
        _ = try await F.query(database, "create table public.src (id int, v text, updated_at timestamp)")
        return database
    }

    /// Replaces the source rows: `(id, v, updated_at as 'YYYY-MM-DD')`.
    static func load(_ database: ConnectionConfiguration, _ rows: [(Int, String, String)]) async throws {
        let values = rows.map { "(\($0.0), '\($0.1)', '\($0.2)')" }.joined(separator: ", ")
        _ = try await F.query(
            database, "truncate public.src" + (rows.isEmpty ? "" : "; insert into public.src values \(values)"))
    }

    /// Runs the node and returns the database clock just before and after, for times the snapshot takes from it.
    @discardableResult
    static func run(_ node: ExecutionNode, on database: ConnectionConfiguration) async throws -> RunResults {
        let results = try await F.run([node], on: database)
        #expect(results.errorCount == 0, "\(results.results.compactMap(\.error))")
        return results
    }

    static let stamp = "to_char(%@, 'YYYY-MM-DD')"

    /// The table's rows as `id v from to [deleted]`, dates as `YYYY-MM-DD`, `-` for a current version, `now` for a
    /// time after 2025 (the clock's: every data time is earlier), sorted.
    static func history(
        _ database: ConnectionConfiguration, validFrom: String = "dbt_valid_from", validTo: String = "dbt_valid_to",
        extra: String = ""
    ) async throws -> [String] {
        func day(_ column: String) -> String {
            "case when \(column) is null then '-' when \(column) > '2025-01-01' then 'now' else to_char(\(column), 'YYYY-MM-DD') end"
        }
        let deleted = extra.isEmpty ? "" : " || ' ' || \(extra)"
        return try await F.strings(
            database,
            "select id || ' ' || v || ' ' || \(day(validFrom)) || ' ' || \(day(validTo))\(deleted) as r "
                + "from analytics.snap order by 1"
        ).compactMap { $0 }
    }

    static let timestamp: [String: Literal] = [
        "unique_key": .string("id"), "strategy": .string("timestamp"), "updated_at": .string("updated_at"),
    ]

    @Test("timestamp: a newer updated_at closes the current version and opens a new one; others stay")
    func timestampUpdates() async throws {
        let database = try await Self.database()
        let node = try Self.node(Self.timestamp)
        try await Self.load(database, [(1, "a", "2024-01-01"), (2, "b", "2024-01-01")])
        try await Self.run(node, on: database)
        #expect(try await Self.history(database) == ["1 a 2024-01-01 -", "2 b 2024-01-01 -"])

        // 2 changes without a newer updated_at: the timestamp strategy does not see it. 3 is new.
        try await Self.load(database, [(1, "a2", "2024-02-01"), (2, "b2", "2024-01-01"), (3, "c", "2024-02-01")])
        try await Self.run(node, on: database)
        try await Self.run(node, on: database)
        #expect(
            try await Self.history(database) == [
                "1 a 2024-01-01 2024-02-01", "1 a2 2024-02-01 -", "2 b 2024-01-01 -", "3 c 2024-02-01 -",
            ])
        let hashes = try await F.strings(
            database,
            "select (dbt_scd_id = md5(coalesce(cast(id as varchar), '') || '|' || coalesce(cast(updated_at as varchar), '')))::text from analytics.snap"
        )
        #expect(Set(hashes) == ["true"])
    }

    @Test(
        "hard_deletes: ignore keeps a deleted row current, invalidate closes it now, new_record also adds a deleted version"
    )
    func hardDeletes() async throws {
        for mode in ["ignore", "invalidate", "new_record"] {
            let database = try await Self.database()
            var config = Self.timestamp
            config["hard_deletes"] = .string(mode)
            let node = try Self.node(config)
            let extra = mode == "new_record" ? "dbt_is_deleted" : ""
            try await Self.load(database, [(1, "a", "2024-01-01"), (2, "b", "2024-01-01")])
            try await Self.run(node, on: database)
            try await Self.load(database, [(1, "a", "2024-01-01")])
            try await Self.run(node, on: database)
            try await Self.run(node, on: database)
            let afterDelete = try await Self.history(database, extra: extra)
            switch mode {
            case "ignore": #expect(afterDelete == ["1 a 2024-01-01 -", "2 b 2024-01-01 -"])
            case "invalidate": #expect(afterDelete == ["1 a 2024-01-01 -", "2 b 2024-01-01 now"])
            default:
                #expect(
                    afterDelete == [
                        "1 a 2024-01-01 - False", "2 b 2024-01-01 now False", "2 b now - True",
                    ])
            }
            // The row comes back with a newer updated_at.
            try await Self.load(database, [(1, "a", "2024-01-01"), (2, "b2", "2024-03-01")])
            try await Self.run(node, on: database)
            let afterReturn = try await Self.history(database, extra: extra)
            switch mode {
            case "ignore":
                #expect(afterReturn == ["1 a 2024-01-01 -", "2 b 2024-01-01 2024-03-01", "2 b2 2024-03-01 -"])
            case "invalidate":
                #expect(afterReturn == ["1 a 2024-01-01 -", "2 b 2024-01-01 now", "2 b2 2024-03-01 -"])
            default:
                #expect(
                    afterReturn == [
                        "1 a 2024-01-01 - False", "2 b 2024-01-01 now False", "2 b now 2024-03-01 True",
                        "2 b2 2024-03-01 - False",
                    ])
            }
        }
    }

    @Test("check: a changed checked column makes a version at the run's time; an unchecked column does not")
    func checkStrategy() async throws {
        let database = try await Self.database()
        let node = try Self.node([
            "unique_key": .string("id"), "strategy": .string("check"), "check_cols": .list([.string("v")]),
        ])
        try await Self.load(database, [(1, "a", "2024-01-01"), (2, "b", "2024-01-01")])
        try await Self.run(node, on: database)
        // updated_at is not checked: 1's change is invisible. 2's v changes, to NULL and back.
        try await Self.load(database, [(1, "a", "2024-06-01"), (2, "b2", "2024-01-01")])
        try await Self.run(node, on: database)
        _ = try await F.query(database, "update public.src set v = null where id = 2")
        try await Self.run(node, on: database)
        try await Self.run(node, on: database)
        let rows = try await F.strings(
            database,
            """
            select id || ' ' || coalesce(v, 'NULL') || ' ' || (dbt_valid_to is null)::text
            from analytics.snap order by id, dbt_valid_from
            """)
        #expect(rows == ["1 a true", "2 b false", "2 b2 false", "2 NULL true"])
        // Versions follow each other: each closed one ends when the next starts, at a clock time.
        let gaps = try await F.ints(
            database,
            """
            select count(*)::int from analytics.snap a
            where a.dbt_valid_to is not null and not exists (
                select 1 from analytics.snap b where b.id = a.id and b.dbt_valid_from = a.dbt_valid_to)
            """)
        #expect(gaps == [0])
    }

    @Test("check_cols: all sees any column; a composite unique_key keeps keys apart")
    func checkAllCompositeKey() async throws {
        let database = try await Self.database()
        let node = try Self.node(
            [
                "unique_key": .list([.string("id"), .string("v")]), "strategy": .string("check"),
                "check_cols": .string("all"), "updated_at": .string("updated_at"),
            ])
        // (1, a) and (1, b) are two rows of one id.
        try await Self.load(database, [(1, "a", "2024-01-01"), (1, "b", "2024-01-01")])
        try await Self.run(node, on: database)
        try await Self.load(database, [(1, "a", "2024-02-01"), (1, "b", "2024-01-01")])
        try await Self.run(node, on: database)
        #expect(
            try await Self.history(database) == [
                "1 a 2024-01-01 2024-02-01", "1 a 2024-02-01 -", "1 b 2024-01-01 -",
            ])
    }

    @Test("snapshot_meta_column_names and dbt_valid_to_current name and fill the meta columns")
    func customMetaColumns() async throws {
        let database = try await Self.database()
        var config = Self.timestamp
        config["snapshot_meta_column_names"] = .dict([
            .init(key: "dbt_valid_from", value: .string("valid_from")),
            .init(key: "dbt_valid_to", value: .string("valid_to")),
            .init(key: "dbt_scd_id", value: .string("version_id")),
            .init(key: "dbt_updated_at", value: .string("changed_at")),
        ])
        config["dbt_valid_to_current"] = .string("'9999-12-31'::timestamp")
        let node = try Self.node(config)
        try await Self.load(database, [(1, "a", "2024-01-01")])
        try await Self.run(node, on: database)
        try await Self.load(database, [(1, "a2", "2024-02-01")])
        try await Self.run(node, on: database)
        let columns = try await F.strings(
            database,
            "select column_name::text from information_schema.columns where table_name = 'snap' order by ordinal_position"
        )
        #expect(columns == ["id", "v", "updated_at", "version_id", "changed_at", "valid_from", "valid_to"])
        #expect(
            try await Self.history(database, validFrom: "valid_from", validTo: "valid_to") == [
                "1 a 2024-01-01 2024-02-01", "1 a2 2024-02-01 now",
            ])
        #expect(
            try await F.strings(database, "select valid_to::text from analytics.snap where v = 'a2'") == [
                "9999-12-31 00:00:00"
            ])
    }

    @Test("a failing step leaves the table as it was; a new column of the query is added")
    func failureRollsBack() async throws {
        let database = try await Self.database()
        var node = try Self.node(Self.timestamp)
        try await Self.load(database, [(1, "a", "2024-01-01")])
        try await Self.run(node, on: database)
        try await Self.load(database, [(1, "a2", "2024-02-01"), (2, "b", "2024-02-01")])
        node.postHooks = ["select 1 / 0"]
        let failed = try await F.run([node], on: database)
        #expect(failed.errorCount == 1)
        #expect(try await Self.history(database) == ["1 a 2024-01-01 -"])

        node.postHooks = []
        node.compiledSQL = "select *, v || '!' as loud from public.src"
        try await Self.run(node, on: database)
        #expect(
            try await F.strings(database, "select coalesce(loud, '-') from analytics.snap order by 1") == [
                "-", "a2!", "b!",
            ])
    }

    @Test("check_cols naming a column the query lacks is refused at the snapshot's line, with the closest name")
    func missingCheckColumn() async throws {
        let database = try await Self.database()
        let node = try Self.node([
            "unique_key": .string("id"), "strategy": .string("check"), "check_cols": .list([.string("vv")]),
        ])
        try await Self.load(database, [(1, "a", "2024-01-01")])
        let results = try await F.run([node], on: database)
        let error = try #require(results.results.first?.error)
        #expect(error.description.hasPrefix("snapshots/snap.sql:3:1: error in snapshot snap"))
        #expect(error.description.contains("check_cols names 'vv', which the snapshot's query does not return"))
        #expect(error.description.contains("did you mean 'v'?"))
        #expect(try await F.relkind(database, "snap") == nil)
    }
}
