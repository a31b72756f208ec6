import PostgresClient
import Testing
import WarehouseCore
import WarehouseTesting

@testable import WarehouseEngine

/// The incremental materialization against a real Postgres: each strategy's table after several runs equals a
/// rebuild computed independently from every batch the runs saw.
///
/// Each run's new rows are in `public.batch`; every batch is also kept in `public.history` (with its number), from
/// which the expected table is computed with plain SQL.
@Suite("Incremental materialization")
struct IncrementalMaterializationTests {
    typealias F = ExecutionFixture

    static let model = "select id, v from public.batch"

    /// An incremental node `m` selecting `sql` with `config`.
    static func node(_ config: IncrementalConfig, sql: String = model, postHooks: [String] = []) -> ExecutionNode {
        var node = F.node("m", .incremental, sql, postHooks: postHooks)
        node.incremental = config
        return node
    }

    /// Runs `node` alone; `fullRefresh` is the run's `--full-refresh`.
    static func run(_ node: ExecutionNode, on database: ConnectionConfiguration, fullRefresh: Bool = false)
        async throws -> RunResults
    {
        let executor = DAGExecutor(
            configuration: database, options: ExecutionOptions(threads: 1, fullRefresh: fullRefresh),
            logger: F.logger)
        return try await executor.run([node], progress: { _ in })
    }

    /// A database with empty `public.batch (id int, v text)` and `public.history (batch int, id int, v text)`.
    static func database() async throws -> ConnectionConfiguration {
        let database = try await TestDatabase.create()
        _ = try await F.query(
            database,
            "create table public.batch (id int, v text); create table public.history (batch int, id int, v text)")
        return database
    }

    /// Replaces `public.batch` with `rows` and records them in `public.history` as batch `number`.
    static func load(_ database: ConnectionConfiguration, batch number: Int, _ rows: [(Int, String)]) async throws {
        let values = rows.map { "(\($0.0), '\($0.1)')" }.joined(separator: ", ")
        _ = try await F.query(
            database,
            """
            truncate public.batch; insert into public.batch values \(values);
            insert into public.history select \(number), id, v from public.batch
            """)
    }

    /// Rows in one query's result and not in the other's, both ways, counting duplicates (`except all`).
    static func difference(_ database: ConnectionConfiguration, _ actual: String, _ expected: String) async throws
        -> Int
    {
        let actual = "select * from (\(actual)) a"
        let expected = "select * from (\(expected)) e"
        let counts = try await F.ints(
            database,
            """
            select count(*)::int from (
              (\(actual) except all \(expected)) union all (\(expected) except all \(actual))
            ) d
            """)
        return (counts.first ?? nil) ?? -1
    }

    /// Three runs: the first rows, then an update of 2 and a new 4, then a late 0 and an update of 1.
    static func runThreeBatches(_ node: ExecutionNode, on database: ConnectionConfiguration) async throws {
        let batches: [[(Int, String)]] = [
            [(1, "a"), (2, "b"), (3, "c")],
            [(2, "b2"), (4, "d")],
            [(0, "late"), (1, "a2")],
        ]
        for (number, rows) in batches.enumerated() {
            try await load(database, batch: number, rows)
            let results = try await run(node, on: database)
            #expect(results.succeeded, "batch \(number): \(results.results.map(\.message))")
        }
    }

    /// The latest row of each id across every batch: what a rebuild keyed on `id` holds.
    static let latestPerID = "select distinct on (id) id, v from public.history order by id, batch desc"

    @Test("append: the table holds every row of every run, as a rebuild of all batches does")
    func append() async throws {
        let database = try await Self.database()
        try await Self.runThreeBatches(Self.node(IncrementalConfig()), on: database)
        #expect(
            try await Self.difference(database, "select id, v from analytics.m", "select id, v from public.history")
                == 0)
        #expect(try await F.ints(database, "select count(*)::int from analytics.m") == [7])
    }

    @Test("merge (the default with a unique_key): updates and late rows give the latest row per key")
    func merge() async throws {
        let database = try await Self.database()
        let config = IncrementalConfig(uniqueKey: ["id"])
        #expect(config.strategy == .merge)
        try await Self.runThreeBatches(Self.node(config), on: database)
        #expect(try await Self.difference(database, "select id, v from analytics.m", Self.latestPerID) == 0)
        #expect(try await F.ints(database, "select count(*)::int from analytics.m") == [5])
    }

    @Test("delete+insert: matching rows are replaced, giving the latest row per key")
    func deleteInsert() async throws {
        let database = try await Self.database()
        try await Self.runThreeBatches(
            Self.node(IncrementalConfig(strategy: .deleteInsert, uniqueKey: ["id"])), on: database)
        #expect(try await Self.difference(database, "select id, v from analytics.m", Self.latestPerID) == 0)
    }

    @Test("delete+insert recomputing the groups a change touched reflects deleted source rows, as a rebuild does")
    func deleteInsertAfterSourceDeletes() async throws {
        let database = try await Self.database()
        _ = try await F.query(
            database,
            """
            create table public.items (id int, grp int, amount int); create table public.touched (grp int);
            insert into public.items select n, n % 3, n from generate_series(1, 12) n
            """)
        let node = Self.node(
            IncrementalConfig(strategy: .deleteInsert, uniqueKey: ["grp"]),
            sql: """
                select grp, sum(amount) as total, count(*) as items from public.items
                where grp in (select grp from public.touched) or not exists (select 1 from public.touched)
                group by grp
                """)
        #expect(try await Self.run(node, on: database).succeeded)
        // Rows of groups 1 and 2 are deleted, one is added to group 2, group 0 is left alone.
        _ = try await F.query(
            database,
            """
            delete from public.items where id in (1, 5, 8); insert into public.items values (20, 2, 100);
            insert into public.touched values (1), (2)
            """)
        #expect(try await Self.run(node, on: database).succeeded)
        #expect(
            try await Self.difference(
                database, "select grp, total, items from analytics.m",
                "select grp, sum(amount), count(*) from public.items group by grp") == 0)
        #expect(try await F.ints(database, "select items from analytics.m order by grp") == [4, 3, 3])
    }

    @Test("merge and delete+insert on a composite unique_key")
    func compositeKey() async throws {
        for strategy in [IncrementalConfig.Strategy.merge, .deleteInsert] {
            let database = try await Self.database()
            let node = Self.node(
                IncrementalConfig(strategy: strategy, uniqueKey: ["id", "k"]),
                sql: "select id, id % 2 as k, v from public.batch")
            try await Self.runThreeBatches(node, on: database)
            #expect(
                try await Self.difference(
                    database, "select id, k, v from analytics.m",
                    "select id, id % 2, v from (\(Self.latestPerID)) latest") == 0, "\(strategy)")
        }
    }

    @Test("merge_update_columns and merge_exclude_columns limit what a matched row gets")
    func mergeColumns() async throws {
        let sql = "select id, v, v || '!' as w from public.batch"
        for config in [
            IncrementalConfig(uniqueKey: ["id"], mergeUpdateColumns: ["v"]),
            IncrementalConfig(uniqueKey: ["id"], mergeExcludeColumns: ["w"]),
        ] {
            let database = try await Self.database()
            try await Self.load(database, batch: 0, [(1, "a")])
            #expect(try await Self.run(Self.node(config, sql: sql), on: database).succeeded)
            try await Self.load(database, batch: 1, [(1, "b")])
            #expect(try await Self.run(Self.node(config, sql: sql), on: database).succeeded)
            #expect(try await F.strings(database, "select v || ' ' || w from analytics.m") == ["b a!"])
        }
    }

    @Test("incremental_predicates narrow the delete and the merge")
    func predicates() async throws {
        for config in [
            IncrementalConfig(
                strategy: .deleteInsert, uniqueKey: ["id"], predicates: ["\"analytics\".\"m\".v <> 'keep'"]),
            IncrementalConfig(uniqueKey: ["id"], predicates: ["DBT_INTERNAL_DEST.v <> 'keep'"]),
        ] {
            let database = try await Self.database()
            try await Self.load(database, batch: 0, [(1, "keep"), (2, "old")])
            #expect(try await Self.run(Self.node(config), on: database).succeeded)
            try await Self.load(database, batch: 1, [(1, "new1"), (2, "new2")])
            let results = try await Self.run(Self.node(config), on: database)
            #expect(results.succeeded, "\(results.results.map(\.message))")
            #expect(
                try await F.strings(database, "select id || v from analytics.m order by id, v")
                    == ["1keep", "1new1", "2new2"], "\(config.strategy)")
        }
    }

    @Test("on_schema_change: ignore inserts the table's columns only")
    func schemaChangeIgnore() async throws {
        let database = try await Self.database()
        try await Self.load(database, batch: 0, [(1, "a")])
        #expect(try await Self.run(Self.node(IncrementalConfig()), on: database).succeeded)
        try await Self.load(database, batch: 1, [(2, "b")])
        let results = try await Self.run(
            Self.node(IncrementalConfig(), sql: "select id, v, 'x' as extra from public.batch"), on: database)
        #expect(results.succeeded, "\(results.results.map(\.message))")
        #expect(try await Self.columns(database) == ["id", "v"])
        #expect(try await F.ints(database, "select id from analytics.m order by id") == [1, 2])
    }

    @Test("on_schema_change: fail names the new and removed columns and leaves the table as it was")
    func schemaChangeFail() async throws {
        let database = try await Self.database()
        let config = IncrementalConfig(onSchemaChange: .fail)
        try await Self.load(database, batch: 0, [(1, "a")])
        #expect(try await Self.run(Self.node(config), on: database).succeeded)
        try await Self.load(database, batch: 1, [(2, "b")])
        let results = try await Self.run(
            Self.node(config, sql: "select id, 'x' as extra from public.batch"), on: database)
        let message = results.results.first?.error?.description ?? ""
        #expect(!results.succeeded)
        #expect(message.contains("new columns extra") && message.contains("removed columns v"), "\(message)")
        #expect(try await Self.columns(database) == ["id", "v"])
        #expect(try await F.ints(database, "select id from analytics.m") == [1])
    }

    @Test("on_schema_change: append_new_columns adds the new column; old rows hold null, removed columns stay")
    func schemaChangeAppend() async throws {
        let database = try await Self.database()
        let config = IncrementalConfig(onSchemaChange: .appendNewColumns)
        try await Self.load(database, batch: 0, [(1, "a")])
        #expect(try await Self.run(Self.node(config), on: database).succeeded)
        try await Self.load(database, batch: 1, [(2, "b")])
        let results = try await Self.run(
            Self.node(config, sql: "select id, 'x'::text as extra from public.batch"), on: database)
        #expect(results.succeeded, "\(results.results.map(\.message))")
        #expect(try await Self.columns(database) == ["id", "v", "extra"])
        #expect(
            try await F.strings(
                database, "select id || coalesce(v, '-') || coalesce(extra, '-') from analytics.m order by id")
                == ["1a-", "2-x"])
    }

    @Test("on_schema_change: sync_all_columns adds new columns, drops removed ones and retypes changed ones")
    func schemaChangeSync() async throws {
        let database = try await Self.database()
        let config = IncrementalConfig(onSchemaChange: .syncAllColumns)
        try await Self.load(database, batch: 0, [(1, "a")])
        #expect(try await Self.run(Self.node(config), on: database).succeeded)
        try await Self.load(database, batch: 1, [(2, "b")])
        let results = try await Self.run(
            Self.node(config, sql: "select id::bigint as id, 'x'::text as extra from public.batch"), on: database)
        #expect(results.succeeded, "\(results.results.map(\.message))")
        #expect(try await Self.columns(database) == ["id", "extra"])
        #expect(
            try await F.strings(
                database,
                "select data_type::text from information_schema.columns where table_name = 'm' and column_name = 'id'")
                == ["bigint"])
        #expect(
            try await F.strings(database, "select id || coalesce(extra, '-') from analytics.m order by id") == [
                "1-", "2x",
            ])
    }

    @Test("a failing step (a merge hitting a key twice, a failing post_hook) leaves the table unchanged")
    func failureRollsBack() async throws {
        let database = try await Self.database()
        let config = IncrementalConfig(uniqueKey: ["id"], onSchemaChange: .appendNewColumns)
        try await Self.load(database, batch: 0, [(1, "a"), (2, "b")])
        #expect(try await Self.run(Self.node(config), on: database).succeeded)

        try await Self.load(database, batch: 1, [(1, "x"), (1, "y"), (3, "c")])
        let duplicate = try await Self.run(Self.node(config), on: database)
        #expect(duplicate.results.first?.error?.phase == .incremental)

        try await Self.load(database, batch: 2, [(1, "x"), (3, "c")])
        let hook = try await Self.run(
            Self.node(config, sql: "select id, v, 1 as extra from public.batch", postHooks: ["select 1/0"]),
            on: database)
        #expect(hook.results.first?.error?.phase == .postHook(0))

        #expect(try await Self.columns(database) == ["id", "v"])
        #expect(try await F.strings(database, "select id || v from analytics.m order by id") == ["1a", "2b"])
    }

    @Test("--full-refresh rebuilds the table; full_refresh: false keeps it; post_hooks run on an incremental step")
    func fullRefresh() async throws {
        let database = try await Self.database()
        _ = try await F.query(database, "create table public.hook_log (n int)")
        let hook = ["insert into public.hook_log values (1)"]
        try await Self.load(database, batch: 0, [(1, "a")])
        #expect(try await Self.run(Self.node(IncrementalConfig(), postHooks: hook), on: database).succeeded)
        try await Self.load(database, batch: 1, [(2, "b")])
        #expect(try await Self.run(Self.node(IncrementalConfig(), postHooks: hook), on: database).succeeded)
        #expect(try await F.ints(database, "select id from analytics.m order by id") == [1, 2])
        #expect(try await F.ints(database, "select count(*)::int from public.hook_log") == [2])

        try await Self.load(database, batch: 2, [(3, "c")])
        let guarded = IncrementalConfig(fullRefresh: false)
        #expect(try await Self.run(Self.node(guarded), on: database, fullRefresh: true).succeeded)
        #expect(try await F.ints(database, "select id from analytics.m order by id") == [1, 2, 3])

        try await Self.load(database, batch: 3, [(4, "d")])
        #expect(try await Self.run(Self.node(IncrementalConfig()), on: database, fullRefresh: true).succeeded)
        #expect(try await F.ints(database, "select id from analytics.m order by id") == [4])
    }

    @Test("an incremental step applies the grants again; a view in the table's place is replaced by the table")
    func grantsAndAView() async throws {
        let database = try await Self.database()
        _ = try await F.query(database, "create schema analytics; create view analytics.m as select 9 as id, 'v' as v")
        var node = Self.node(IncrementalConfig())
        node.grants = ["select": ["public"]]
        try await Self.load(database, batch: 0, [(1, "a")])
        #expect(try await Self.run(node, on: database).succeeded)
        #expect(try await F.relkind(database, "m") == "r")
        _ = try await F.query(database, "revoke select on analytics.m from public")
        try await Self.load(database, batch: 1, [(2, "b")])
        #expect(try await Self.run(node, on: database).succeeded)
        #expect(try await F.ints(database, "select id from analytics.m order by id") == [1, 2])
        #expect(
            try await F.strings(
                database, "select relacl::text from pg_class where oid = 'analytics.m'::regclass"
            ).first??.contains("=r/") == true)
    }

    /// The columns of `analytics.m`, in order.
    static func columns(_ database: ConnectionConfiguration) async throws -> [String?] {
        try await F.strings(
            database,
            """
            select column_name::text from information_schema.columns
            where table_schema = 'analytics' and table_name = 'm' order by ordinal_position
            """)
    }
}
