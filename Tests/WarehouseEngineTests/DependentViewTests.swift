import Foundation
import PostgresClient
import Testing
import WarehouseCore
import WarehouseTesting

@testable import WarehouseEngine

private typealias F = ExecutionFixture

/// Replacing a relation keeps the views that read it (``DependentViews``).
@Suite struct DependentViewTests {
    /// Runs `nodes` with `views` as the project's view models.
    private func run(
        _ nodes: [ExecutionNode], on database: ConnectionConfiguration, views: [ExecutionNode] = []
    ) async throws -> RunResults {
        let options = ExecutionOptions(
            threads: 1, projectViews: ProjectViews(views.map { ($0.relation, $0.compiledSQL) }))
        return try await DAGExecutor(configuration: database, options: options, logger: F.logger).run(nodes)
    }

    @Test("replacing a table alone keeps a chain of views on it, reading the new rows")
    func chainOfViewsKept() async throws {
        let database = try await TestDatabase.create()
        let onBase = F.node("on_base", .view, "select id from analytics.base", parents: ["base"])
        let onView = F.node("on_view", .view, "select id * 10 as id from analytics.on_base", parents: ["on_base"])
        #expect(try await run([F.node("base", .table, "select 1 as id"), onBase, onView], on: database).succeeded)

        let alone = try await run([F.node("base", .table, "select 2 as id")], on: database, views: [onBase, onView])
        #expect(alone.succeeded, "\(alone.results.map(\.message))")
        #expect(
            alone.result(for: NodeID("model.shop.base"))?.keptDependents == ["analytics.on_base", "analytics.on_view"])
        #expect(try await F.ints(database, "select id from analytics.on_view") == [20])
        #expect(try await F.scratchRelations(database) == [])
    }

    @Test("a view the project owns is made again from its SQL, so `select *` picks up a new column")
    func projectViewFromCompiledSQL() async throws {
        let database = try await TestDatabase.create()
        let star = F.node("star", .view, "select * from analytics.base", parents: ["base"])
        #expect(try await run([F.node("base", .table, "select 1 as id"), star], on: database).succeeded)

        let wider = F.node("base", .table, "select 1 as id, 'x'::text as label")
        #expect(try await run([wider], on: database, views: [star]).succeeded)
        #expect(try await F.strings(database, "select label from analytics.star") == ["x"])
    }

    @Test("a view the project does not own keeps its definition, owner, options, privileges and comments")
    func foreignViewKeepsEverything() async throws {
        let database = try await TestDatabase.create()
        let role = "wh_reader_\(UUID().uuidString.prefix(8).lowercased())"
        #expect(try await run([F.node("base", .table, "select 1 as id, 5 as amount")], on: database).succeeded)
        _ = try await F.query(
            database,
            """
            create role \(role);
            create schema reports;
            create view reports.amounts with (security_barrier = true) as select id, amount from analytics.base;
            grant select on reports.amounts to \(role);
            comment on view reports.amounts is 'amounts for the board';
            comment on column reports.amounts.amount is 'in euros';
            create materialized view reports.totals as select sum(amount) as total from reports.amounts;
            create index totals_total on reports.totals (total);
            """)

        let results = try await run([F.node("base", .table, "select 2 as id, 7 as amount")], on: database)
        #expect(results.succeeded, "\(results.results.map(\.message))")
        #expect(
            results.result(for: NodeID("model.shop.base"))?.keptDependents == ["reports.amounts", "reports.totals"])
        let kept = try await F.query(
            database,
            """
            select has_table_privilege('\(role)', 'reports.amounts', 'select'),
                obj_description('reports.amounts'::regclass, 'pg_class'),
                col_description('reports.amounts'::regclass, 2),
                array_to_string((select reloptions from pg_class where oid = 'reports.amounts'::regclass), ','),
                (select total from reports.totals)::text,
                (select count(*) from pg_indexes where schemaname = 'reports' and indexname = 'totals_total')::text
            """)
        let row = try #require(kept.first)
        #expect(try row.bool(0) == true)
        #expect(row.string(1) == "amounts for the board")
        #expect(row.string(2) == "in euros")
        #expect(row.string(3) == "security_barrier=true")
        #expect(row.string(4) == "7")
        #expect(row.string(5) == "1")
        _ = try await F.query(database, "drop schema reports cascade; drop role \(role)")
    }

    @Test("a view that no longer fits the new columns fails the swap, naming it; the table and view stay as they were")
    func viewThatNoLongerFits() async throws {
        let database = try await TestDatabase.create()
        #expect(try await run([F.node("base", .table, "select 1 as id")], on: database).succeeded)
        _ = try await F.query(database, "create view analytics.ids as select id from analytics.base")

        let results = try await run([F.node("base", .table, "select 1 as key")], on: database)
        let error = try #require(results.result(for: NodeID("model.shop.base"))?.error)
        #expect(error.phase == .swap)
        #expect(error.description.contains("the view analytics.ids reads analytics.base and no longer fits"))
        #expect(error.description.contains("id does not exist"))
        #expect(try await F.ints(database, "select id from analytics.ids") == [1])
        #expect(try await F.columns(database, "base") == ["id integer"])
        #expect(try await F.scratchRelations(database) == [])
    }

    @Test("a view whose columns still fit is replaced in place, leaving the views on it untouched")
    func viewReplacedInPlace() async throws {
        let database = try await TestDatabase.create()
        let middle = F.node("middle", .view, "select 1 as id")
        let top = F.node("top", .view, "select id from analytics.middle", parents: ["middle"])
        #expect(try await run([middle, top], on: database).succeeded)
        let topOID = try await F.oid(database, "top")

        let same = try await run([F.node("middle", .view, "select 3 as id")], on: database, views: [top])
        #expect(same.result(for: NodeID("model.shop.middle"))?.keptDependents == [])
        #expect(try await F.oid(database, "top") == topOID)
        #expect(try await F.ints(database, "select id from analytics.top") == [3])

        let renamed = try await run([F.node("middle", .view, "select 4 as id, 5 as extra_first")], on: database)
        #expect(renamed.succeeded)
        let retyped = try await run([F.node("middle", .view, "select 'x'::text as id")], on: database, views: [top])
        #expect(retyped.succeeded, "\(retyped.results.map(\.message))")
        #expect(retyped.result(for: NodeID("model.shop.middle"))?.keptDependents == ["analytics.top"])
        #expect(try await F.strings(database, "select id from analytics.top") == ["x"])
    }
}
