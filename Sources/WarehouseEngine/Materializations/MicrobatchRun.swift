import Foundation
import PostgresClient
import WarehouseCore

/// One run of a microbatch model: each planned batch in its own transaction, several at once; a table built whole
/// (missing, or a full refresh) is built aside and swapped in at the end (``MicrobatchRebuild``).
///
/// 1. The ledger (``MicrobatchLedger``) is created when missing; a scratch table a killed run left is dropped.
/// 2. When the table is missing (or a view) or the run is a full refresh, an empty scratch table with the model's
///    columns is made, and the batches go there; readers keep reading the old table.
/// 3. The `pre_hook`s run once, in a transaction of their own.
/// 4. ``MicrobatchPlan`` picks the batches; each is an ``IncrementalStep`` over the compiled SQL bound to its window,
///    committed with its ledger row. A failed batch rolls back alone, is recorded as failed, and the others go on.
/// 5. A rebuilt table is swapped in with its ledger rows, grants and `post_hook`s in one transaction; otherwise,
///    when any batch succeeded, the grants and `post_hook`s run once.
///
/// Batches run in parallel, up to the run's `threads`, unless `concurrent_batches: false`, or it is unset and the
/// model reads its own table (`{{ this }}`), where a batch could see another's rows half-written.
struct MicrobatchRun {
    let node: ExecutionNode
    let config: IncrementalConfig
    let batching: MicrobatchConfig
    let context: MaterializationContext

    func run() throws(ModelExecutionError) -> MaterializationOutcome {
        let statements = ModelStatements(node: node, connection: context.connection)
        let ledger = MicrobatchLedger(statements: statements)
        try ledger.create()
        let rebuild = MicrobatchRebuild(node: swapNode, context: context)
        try rebuild.discardLeftovers()
        let environment = context.microbatch
        let startedAt = environment?.runStartedAt ?? Date()
        let fullRefresh = config.fullRefresh ?? context.fullRefresh
        let existing = try statements.existingKind(of: node.relation.identifier)
        let rebuilding = fullRefresh || existing != .table
        if rebuilding {
            try rebuild.createScratch(columnsFrom: emptyTable)
        }
        let plan = MicrobatchPlan(config: batching, now: startedAt, range: environment?.eventTimeRange)
        let batches = plan.batches(rebuilding: rebuilding, completed: rebuilding ? [] : try ledger.completed())
        try statements.inTransaction { () throws(ModelExecutionError) in try statements.runPreHooks() }
        var batched = batchNode
        if rebuilding { batched.relation = rebuild.scratch }
        let runner = MicrobatchBatchRunner(
            node: batched, config: config, batchSize: batching.batchSize, runStartedAt: startedAt,
            environment: environment)
        let results = runner.run(batches, on: context.connection, parallel: runsInParallel)
        var kept: [String] = []
        if rebuilding {
            kept = try rebuild.swapIn(results.outcome, cancelled: environment?.isCancelled() ?? false) ?? []
        } else if !results.outcome.successful.isEmpty {
            let grants = try GrantStatements(node: node).statements()
            try statements.inTransaction { () throws(ModelExecutionError) in try statements.finish(grants: grants) }
        }
        return MaterializationOutcome(
            commandTag: results.outcome.failed.isEmpty ? "SUCCESS" : nil, rowsAffected: results.rows,
            keptDependents: kept, batches: results.outcome)
    }

    /// The node swapped in after a rebuild: the model without its `pre_hook`s, which ran before the batches.
    private var swapNode: ExecutionNode {
        var swapped = node
        swapped.preHooks = []
        return swapped
    }

    /// The node a batch runs: no hooks or grants (they run once per model), SQL still holding the placeholders.
    private var batchNode: ExecutionNode {
        var batch = node
        batch.preHooks = []
        batch.postHooks = []
        batch.grants = [:]
        return batch
    }

    /// The node whose SQL makes the empty scratch table: the model's SQL over its first batch, with `where false`,
    /// which Postgres plans (so the columns are the model's) without reading a row.
    private var emptyTable: ExecutionNode {
        var empty = batchNode
        let first = MicrobatchBatch(start: batching.begin, end: batching.begin)
        empty.compiledSQL = "select * from (\n\(first.bind(node.compiledSQL))\n) as wh_microbatch_columns where false"
        empty.sourceLines = [0] + node.sourceLines
        return empty
    }

    private var runsInParallel: Bool {
        batching.concurrentBatches ?? !node.compiledSQL.contains(node.relation.description)
    }
}
