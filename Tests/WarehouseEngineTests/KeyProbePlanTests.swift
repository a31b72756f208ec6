import PostgresClient
import Testing
import WarehouseTesting

@testable import WarehouseEngine

/// A merge of a few new rows into a large table stays on the key's index, against a real Postgres.
@Suite("merging a few rows into a large table")
struct KeyProbePlanTests {
    /// 200,000 rows in `public.keyed` (unique index on `k`) and in `public.unindexed`, both analyzed; `pg_temp.fresh`
    /// holds 15,000 new keys, unanalyzed, as a step's temporary table is.
    static let setUp = """
        create table public.keyed (k bigint, v text);
        insert into public.keyed select i, 'old ' || i from pg_catalog.generate_series(1, 200000) as i;
        create unique index on public.keyed (k);
        create table public.unindexed as select * from public.keyed;
        analyze public.keyed; analyze public.unindexed;
        create temporary table fresh as select i as k, 'new ' || i as v from pg_catalog.generate_series(200001, 215000) as i
        """

    static let merge = """
        merge into public.keyed as d using pg_temp.fresh as s on s.k = d.k
        when matched then update set v = s.v when not matched then insert (k, v) values (s.k, s.v)
        """

    @Test("under a tenth of the target's rows with an index on a key column, the merge runs as index probes")
    func probesTheIndex() async throws {
        let database = try await TestDatabase.create()
        let pool = ConnectionPool(configuration: database, size: 1, logger: TestDatabase.logger)
        let (settings, larger, unindexed, otherKey, plan, merged) = try await pool.withConnection { connection in
            try connection.execute(Self.setUp)
            func settings(_ target: String, key: String, newRows: Int) throws -> [String] {
                let catalog = try connection.query(KeyProbePlan.catalogQuery, [.string(target), .textArray([key])])
                return KeyProbePlan.settings(newRows: newRows, catalog: catalog)
            }
            let chosen = try settings("public.keyed", key: "k", newRows: 15_000)
            try connection.execute("begin")
            for setting in chosen { try connection.execute(setting) }
            let plan = try connection.query("explain (costs off) " + Self.merge).compactMap { $0.string(0) }
            let merged = try connection.execute(Self.merge).rowsAffected
            try connection.execute("commit")
            return (
                chosen, try settings("public.keyed", key: "k", newRows: 25_000),
                try settings("public.unindexed", key: "k", newRows: 15_000),
                try settings("public.keyed", key: "v", newRows: 15_000), plan.joined(separator: "\n"), merged
            )
        }
        #expect(settings == ["set local enable_hashjoin = off", "set local enable_mergejoin = off"])
        #expect(plan.contains("Nested Loop") && plan.contains("Index Scan"), "\(plan)")
        #expect(!plan.contains("Hash"), "\(plan)")
        #expect(merged == 15_000)
        #expect(
            try await TestDatabase.rows("select count(*)::text, max(k)::text from public.keyed", in: database)
                == [["215000", "215000"]])
        // Over a tenth of the target, without an index, or with no index on the key: the planner chooses.
        #expect(larger.isEmpty)
        #expect(unindexed.isEmpty)
        #expect(otherKey.isEmpty)
    }
}
