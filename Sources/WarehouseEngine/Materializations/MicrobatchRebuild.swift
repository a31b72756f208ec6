import Foundation
import PostgresClient
import WarehouseCore

/// A microbatch table built whole (first run, missing table, full refresh) while readers keep the old one.
///
/// The batches are built, in parallel and each in its own transaction as on any run, into the scratch table
/// `<name>__wh_batches`, and recorded in the ledger under that table's name. Then one ``RelationReplacement``
/// transaction renames the scratch table into place (indexes, dependent views kept, grants, `post_hook`s) and moves
/// its ledger rows onto the model's table, replacing the old ones: readers see the old table until `COMMIT`, and the
/// ledger always describes the table readers see. A failed swap rolls all of it back and drops the scratch table.
///
/// When some batches failed, what was built is swapped in and the failures stay in the ledger as holes, which the
/// next run (or `wh retry`) builds, and the node reports `partial success`; when every planned batch failed, or the
/// run was cancelled, nothing is swapped: the old table and its ledger stay as they were.
struct MicrobatchRebuild {
    /// The model, without its `pre_hook`s (they ran once before the batches).
    let node: ExecutionNode
    let context: MaterializationContext

    /// The scratch table, which the batches write into and record in the ledger under its name.
    var scratch: Relation {
        var scratch = node.relation
        scratch.identifier = ScratchName.make(node.relation.identifier, suffix: "__wh_batches")
        return scratch
    }

    private var statements: ModelStatements { ModelStatements(node: node, connection: context.connection) }
    private var scratchLedger: MicrobatchLedger {
        var scratchNode = node
        scratchNode.relation = scratch
        return MicrobatchLedger(statements: ModelStatements(node: scratchNode, connection: context.connection))
    }

    /// Drops what a run that died while building batches left: the scratch table and its ledger rows.
    func discardLeftovers() throws(ModelExecutionError) {
        try statements.inTransaction { () throws(ModelExecutionError) in try discard() }
    }

    /// Makes the empty scratch table: `empty`'s SQL selects no row, so Postgres plans the columns without reading.
    func createScratch(columnsFrom empty: ExecutionNode) throws(ModelExecutionError) {
        let creating = ModelStatements(node: empty, connection: context.connection)
        try statements.inTransaction { () throws(ModelExecutionError) in
            try discard()
            _ = try creating.runWrapped(prefix: "create table \(qualifiedScratch) as (\n")
        }
    }

    /// Swaps the scratch table in unless nothing was built (or the run was cancelled); returns the views kept over
    /// the new table, `nil` when the old table was kept.
    func swapIn(_ results: MicrobatchResults, cancelled: Bool) throws(ModelExecutionError) -> [String]? {
        guard !cancelled, !results.successful.isEmpty || results.failed.isEmpty else {
            try discardLeftovers()
            guard cancelled else { return nil }
            throw results.firstError
                ?? ModelExecutionError(
                    node: node, phase: .swap,
                    cause: .refused("the run was cancelled before the rebuilt table was swapped in; the old one stays"))
        }
        let ledger = MicrobatchLedger(statements: statements)
        let replacement = RelationReplacement(node: node, context: context, kind: .table) {
            (temporary) throws(ModelExecutionError) in
            try statements.execute(
                "alter table \(qualifiedScratch) rename to \(quoteIdentifier(temporary))", phase: .swap)
            try ledger.replace(with: scratchLedger)
            return RelationReplacement.Build(commandTag: nil, rowsAffected: nil)
        }
        do {
            return try replacement.run().keptDependents
        } catch {
            // Best effort: a dropped connection leaves the scratch table to the next run's `discardLeftovers`.
            try? discardLeftovers()
            throw error
        }
    }

    private var qualifiedScratch: String { statements.qualified(scratch.identifier) }

    private func discard() throws(ModelExecutionError) {
        try statements.execute("drop table if exists \(qualifiedScratch)", phase: .swap)
        try scratchLedger.forget()
    }
}
