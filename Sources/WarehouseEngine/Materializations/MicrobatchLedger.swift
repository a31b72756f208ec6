import Foundation
import PostgresClient
import WarehouseCore

/// `wh_meta.microbatch_batches`: each batch of each microbatch table, whether it was built and when.
///
/// A batch's row is written in the batch's own transaction, so a batch is in the ledger as `success` exactly when
/// its rows are in the table. A batch counts as complete when it succeeded in a run that started after the batch
/// ended (`run_started_at >= batch_end`); the batch still running when a run started is built again by the next
/// run. Failures are kept too (`status` `error`, with the message) for `wh retry` and for people reading the table.
/// Rows are keyed by the table (`relation`, `schema.name`), as the ledger describes what the table holds.
struct MicrobatchLedger {
    static let table = quoteQualifiedName("wh_meta", "microbatch_batches")

    let statements: ModelStatements

    private var relation: String { statements.node.displayRelation }

    /// Creates the schema and table when missing (``Connection/createMissing(_:)``: runs creating it at once take
    /// turns).
    func create() throws(ModelExecutionError) {
        do {
            try statements.connection.createMissing([
                "create schema if not exists wh_meta",
                """
                create table if not exists \(Self.table) (
                    relation text not null,
                    model text not null,
                    batch_start timestamptz not null,
                    batch_end timestamptz not null,
                    status text not null,
                    rows bigint,
                    error text,
                    run_started_at timestamptz not null,
                    updated_at timestamptz not null default now(),
                    primary key (relation, batch_start, batch_end)
                )
                """,
            ])
        } catch {
            throw ModelExecutionError(node: statements.node, phase: .ledger, cause: .postgres(error))
        }
    }

    /// The batches of the table built after they ended.
    func completed() throws(ModelExecutionError) -> Set<MicrobatchBatch> {
        let rows = try statements.query(
            """
            select extract(epoch from batch_start)::float8, extract(epoch from batch_end)::float8
            from \(Self.table) where relation = $1 and status = 'success' and run_started_at >= batch_end
            """, [.string(relation)], phase: .ledger)
        var batches: Set<MicrobatchBatch> = []
        for row in rows {
            guard let start = try? row.double(0), let end = try? row.double(1) else { continue }
            batches.insert(
                MicrobatchBatch(start: Date(timeIntervalSince1970: start), end: Date(timeIntervalSince1970: end)))
        }
        return batches
    }

    /// Forgets every batch of the table (its scratch table is dropped).
    func forget() throws(ModelExecutionError) {
        _ = try statements.query("delete from \(Self.table) where relation = $1", [.string(relation)], phase: .ledger)
    }

    /// Makes `scratch`'s batches this table's, in place of its own: the scratch table is being renamed into place
    /// in the same transaction (``MicrobatchRebuild``).
    func replace(with scratch: MicrobatchLedger) throws(ModelExecutionError) {
        try forget()
        _ = try statements.query(
            "update \(Self.table) set relation = $1 where relation = $2",
            [.string(relation), .string(scratch.relation)], phase: .ledger)
    }

    /// Records how `batch` ended, replacing what an earlier run recorded for it.
    func record(_ batch: MicrobatchBatch, runStartedAt: Date, rows: Int?, error: String?) throws(ModelExecutionError) {
        _ = try statements.query(
            """
            insert into \(Self.table) (relation, model, batch_start, batch_end, status, rows, error, run_started_at)
            values ($1, $2, to_timestamp($3), to_timestamp($4), $5, $6, $7, to_timestamp($8))
            on conflict (relation, batch_start, batch_end) do update set
                model = excluded.model, status = excluded.status, rows = excluded.rows, error = excluded.error,
                run_started_at = excluded.run_started_at, updated_at = now()
            """,
            [
                .string(relation), .string(statements.node.id.rawValue),
                .double(batch.start.timeIntervalSince1970), .double(batch.end.timeIntervalSince1970),
                .string(error == nil ? "success" : "error"), rows.map(PostgresValue.int),
                error.map(PostgresValue.string),
                .double(runStartedAt.timeIntervalSince1970),
            ], phase: .ledger)
    }
}
