import Foundation
import PostgresClient
import Testing
import WarehouseCore
import WarehouseTesting

@testable import WarehouseEngine

@Suite("Materializations against a real Postgres")
struct MaterializationTests {
    typealias F = ExecutionFixture

    @Test("a view and a table on top of it materialize, with the table's rows counted")
    func viewAndTable() async throws {
        let database = try await TestDatabase.create()
        let results = try await F.run(
            [
                F.node("numbers", .view, "select g as n from generate_series(1, 4211) g"),
                F.node("evens", .table, "select n from analytics.numbers where n % 2 = 0", parents: ["numbers"]),
            ],
            on: database
        )
        #expect(results.succeeded)
        #expect(try await F.relkind(database, "numbers") == "v")
        #expect(try await F.relkind(database, "evens") == "r")
        #expect(try await F.ints(database, "select count(*) from analytics.evens") == [2105])
        let view = try #require(results.result(for: NodeID("model.shop.numbers")))
        #expect(view.commandTag == "CREATE VIEW")
        #expect(view.rowsAffected == nil)
        let table = try #require(results.result(for: NodeID("model.shop.evens")))
        #expect(table.commandTag == "SELECT 2105")
        #expect(table.rowsAffected == 2105)
        #expect(
            try await F.strings(database, "select relname::text from pg_class where relname like '%\\_\\_wh\\_%'") == []
        )
    }

    @Test("a table rebuilt with other columns has exactly the new columns and rows")
    func rebuildWithDifferentColumns() async throws {
        let database = try await TestDatabase.create()
        _ = try await F.run(
            [F.node("t", .table, "select g as id, g * 2 as doubled from generate_series(1, 3) g")], on: database)
        let results = try await F.run(
            [F.node("t", .table, "select g as id, 'x' || g as label, now() as at from generate_series(1, 5) g")],
            on: database)
        #expect(results.succeeded)
        let columns = try await F.strings(
            database,
            "select column_name::text from information_schema.columns where table_schema = 'analytics' and table_name = 't' order by ordinal_position"
        )
        #expect(columns == ["id", "label", "at"])
        #expect(
            try await F.strings(database, "select label from analytics.t order by id") == [
                "x1", "x2", "x3", "x4", "x5",
            ])
    }

    @Test("a view whose columns change is replaced, which create or replace view cannot do")
    func viewWithChangedColumns() async throws {
        let database = try await TestDatabase.create()
        _ = try await F.run([F.node("v", .view, "select 1 as a, 2 as b")], on: database)
        let results = try await F.run([F.node("v", .view, "select 'one'::text as b")], on: database)
        #expect(results.succeeded)
        #expect(try await F.strings(database, "select b from analytics.v") == ["one"])
    }

    @Test("a table is replaced by a view of the same name and back")
    func tableToViewAndBack() async throws {
        let database = try await TestDatabase.create()
        _ = try await F.run([F.node("m", .table, "select 1 as id")], on: database)
        #expect(try await F.relkind(database, "m") == "r")
        let toView = try await F.run([F.node("m", .view, "select 2 as id union all select 3")], on: database)
        #expect(toView.succeeded)
        #expect(try await F.relkind(database, "m") == "v")
        #expect(try await F.ints(database, "select id from analytics.m order by id") == [2, 3])
        let toTable = try await F.run([F.node("m", .table, "select 4 as id")], on: database)
        #expect(toTable.succeeded)
        #expect(try await F.relkind(database, "m") == "r")
        #expect(try await F.ints(database, "select id from analytics.m") == [4])
    }

    @Test("a failing rebuild keeps the previous table, its columns and its rows")
    func failingRebuildKeepsOldRows() async throws {
        let database = try await TestDatabase.create()
        _ = try await F.run([F.node("t", .table, "select g as id from generate_series(1, 3) g")], on: database)
        let failing = F.node(
            "t", .table, "select case when g = 1000 then 1 / 0 else g end as other from generate_series(1, 2000) g")
        let results = try await F.run([failing], on: database)
        let result = try #require(results.result(for: NodeID("model.shop.t")))
        #expect(result.status == .error)
        #expect(result.error?.phase == .build)
        #expect(result.error?.postgresError?.sqlstate == "22012")
        #expect(try await F.ints(database, "select id from analytics.t order by id") == [1, 2, 3])
        #expect(
            try await F.strings(database, "select relname::text from pg_class where relname like 't\\_\\_wh%'") == [])
    }

    @Test("an error's position maps to the line and column of the compiled SQL, counting characters")
    func errorPositionInCompiledSQL() async throws {
        let database = try await TestDatabase.create()
        let sql = """
            select
                'café €' as label,
                g as id
            from generate_series(1, 3) g
            where missing_column > 0
            """
        var node = F.node("located", .table, sql)
        // As the compiler's line map would say for a model with a two-line config block on top.
        node.sourceLines = [3, 4, 5, 6, 7]
        let results = try await F.run([node], on: database)
        let error = try #require(results.result(for: NodeID("model.shop.located"))?.error)
        #expect(error.phase == .build)
        #expect(error.postgresError?.sqlstate == "42703")
        #expect(error.compiledLocation == StatementLocation(line: 5, column: 7))
        #expect(error.postgresError?.statement == sql)
        #expect(error.name == "located")
        #expect(error.path == "models/located.sql")
        let description = error.description
        #expect(error.modelLine == 7)
        #expect(
            description.hasPrefix(
                "models/located.sql:7: error in model located while running the compiled SQL, at target/compiled/shop/models/located.sql:5:7: error 42703"
            ))
    }

    @Test("a syntax error at the end of the model points just past the compiled SQL")
    func errorAtEndOfModel() async throws {
        let database = try await TestDatabase.create()
        let results = try await F.run([F.node("cut", .view, "select 1 as a,\n    2 as b,")], on: database)
        let error = try #require(results.result(for: NodeID("model.shop.cut"))?.error)
        #expect(error.postgresError?.sqlstate == "42601")
        #expect(error.compiledLocation == StatementLocation(line: 2, column: 12))
    }

    @Test("an error in a hook names the hook and has no compiled-SQL location")
    func errorInHook() async throws {
        let database = try await TestDatabase.create()
        let results = try await F.run(
            [F.node("hooked", .table, "select 1 as a", preHooks: ["select 1", "select * from analytics.nowhere"])],
            on: database
        )
        let error = try #require(results.result(for: NodeID("model.shop.hooked"))?.error)
        #expect(error.phase == .preHook(1))
        #expect(error.compiledLocation == nil)
        #expect(error.postgresError?.sqlstate == "42P01")
        #expect(try await F.relkind(database, "hooked") == nil)
    }

    @Test("hooks run in the build transaction: pre before the build, post seeing the new table")
    func hooks() async throws {
        let database = try await TestDatabase.create()
        _ = try await F.query(database, "create schema analytics; create table analytics.audit (event text, at serial)")
        let hooked = F.node(
            "hooked", .table, "select g from generate_series(1, 3) g",
            preHooks: ["insert into analytics.audit (event) values ('pre')"],
            postHooks: ["insert into analytics.audit (event) select 'post:' || count(*) from analytics.hooked"]
        )
        #expect(try await F.run([hooked], on: database).succeeded)
        #expect(try await F.strings(database, "select event from analytics.audit order by at") == ["pre", "post:3"])

        var failing = hooked
        failing.compiledSQL = "select g from generate_series(1, 7) g"
        failing.postHooks.append("select 1 / 0")
        let results = try await F.run([failing], on: database)
        #expect(results.result(for: NodeID("model.shop.hooked"))?.error?.phase == .postHook(1))
        #expect(try await F.strings(database, "select event from analytics.audit order by at") == ["pre", "post:3"])
        #expect(try await F.ints(database, "select count(*) from analytics.hooked") == [3])
    }

    @Test("indexes are created with stable names, and rebuilding keeps exactly one of each")
    func indexes() async throws {
        let database = try await TestDatabase.create()
        let indexes = [
            IndexDefinition(columns: ["id"], unique: true),
            IndexDefinition(columns: ["label", "id"], type: "btree"),
            IndexDefinition(columns: ["label"], type: "hash"),
        ]
        let node = F.node(
            "indexed", .table, "select g as id, 'l' || (g % 10) as label from generate_series(1, 100) g",
            indexes: indexes)
        for _ in 0..<2 {
            #expect(try await F.run([node], on: database).succeeded)
        }
        let rows = try await F.query(
            database,
            "select indexname::text, indexdef from pg_indexes where schemaname = 'analytics' and tablename = 'indexed' order by indexdef"
        )
        let definitions = rows.map { $0.string(1) ?? "" }
        #expect(rows.count == 3)
        #expect(
            definitions.contains(
                "CREATE INDEX \(indexes[1].name(on: "indexed")) ON analytics.indexed USING btree (label, id)"))
        #expect(
            definitions.contains(
                "CREATE INDEX \(indexes[2].name(on: "indexed")) ON analytics.indexed USING hash (label)"))
        #expect(
            definitions.contains(
                "CREATE UNIQUE INDEX \(indexes[0].name(on: "indexed")) ON analytics.indexed USING btree (id)"))
        #expect(Set(rows.map { $0.string(0) ?? "" }).count == 3)
    }

    @Test("a duplicate value fails a unique index and keeps the old table")
    func uniqueIndexViolation() async throws {
        let database = try await TestDatabase.create()
        let unique = [IndexDefinition(columns: ["id"], unique: true)]
        _ = try await F.run([F.node("u", .table, "select 1 as id", indexes: unique)], on: database)
        let results = try await F.run(
            [F.node("u", .table, "select 2 as id union all select 2", indexes: unique)], on: database)
        let error = try #require(results.result(for: NodeID("model.shop.u"))?.error)
        #expect(error.phase == .index(0))
        #expect(error.postgresError?.sqlstate == "23505")
        #expect(try await F.ints(database, "select id from analytics.u") == [1])
    }

    @Test("grants are applied to the new relation, and an unknown privilege is refused before anything runs")
    func grants() async throws {
        let database = try await TestDatabase.create()
        let role = "wh_reader_" + UUID().uuidString.prefix(8).lowercased()
        _ = try await F.query(database, "create role \(role)")
        let results = try await F.run(
            [
                F.node("granted", .table, "select 1 as a", grants: ["select": [role]]),
                F.node("granted_view", .view, "select 1 as a", grants: ["SELECT": [role], "insert": []]),
                F.node("refused", .table, "select 1 as a", grants: ["select; drop table x": [role]]),
            ],
            on: database
        )
        #expect(results.result(for: NodeID("model.shop.granted"))?.status == .success)
        #expect(results.result(for: NodeID("model.shop.granted_view"))?.status == .success)
        let refused = try #require(results.result(for: NodeID("model.shop.refused"))?.error)
        #expect(refused.phase == .grant)
        guard case .refused(let reason) = refused.cause else {
            Issue.record("expected a refusal, got \(refused.cause)")
            return
        }
        #expect(reason.hasPrefix("unknown privilege 'select; drop table x'"))
        #expect(try await F.relkind(database, "refused") == nil)
        let privileges = try await F.query(
            database,
            """
            select has_table_privilege('\(role)', 'analytics.granted', 'select'),
                   has_table_privilege('\(role)', 'analytics.granted', 'insert'),
                   has_table_privilege('\(role)', 'analytics.granted_view', 'select')
            """
        )
        #expect(try privileges.first.map { [try $0.bool(0), try $0.bool(1), try $0.bool(2)] } == [true, false, true])
        _ = try await F.query(database, "drop owned by \(role); drop role \(role)")
    }

    @Test("a name too long for scratch suffixes still builds, and never replaces another relation")
    func longIdentifier() async throws {
        let database = try await TestDatabase.create()
        let name = String(repeating: "n", count: 60)
        let node = F.node(name, .table, "select 1 as a", indexes: [IndexDefinition(columns: ["a"])])
        #expect(try await F.run([node], on: database).succeeded)
        #expect(try await F.run([node], on: database).succeeded)
        #expect(try await F.ints(database, "select a from analytics.\(name)") == [1])
        #expect(ScratchName.make(name, suffix: "__wh_backup").utf8.count <= 63)
        #expect(ScratchName.make(name, suffix: "__wh_backup").hasSuffix("__wh_backup"))
    }

    @Test("an existing relation of another kind (a sequence) is refused, not dropped")
    func refusesOtherKinds() async throws {
        let database = try await TestDatabase.create()
        _ = try await F.query(database, "create schema analytics; create sequence analytics.seq")
        let results = try await F.run([F.node("seq", .table, "select 1 as a")], on: database)
        let error = try #require(results.result(for: NodeID("model.shop.seq"))?.error)
        #expect(error.phase == .swap)
        #expect(try await F.relkind(database, "seq") == "S")
    }
}
