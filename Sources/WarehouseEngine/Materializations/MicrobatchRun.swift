import Foundation
import PostgresClient
import WarehouseCore

/// One run of a microbatch model: the table made when missing, then each planned batch in its own transaction,
/// several at once.
///
/// 1. The ledger (``MicrobatchLedger``) is created when missing.
/// 2. When the table is missing (or a view) or the run is a full refresh, the ledger forgets the table and an empty
///    table with the model's columns and indexes is swapped in (``RelationReplacement``, keeping the views on it).
/// 3. The `pre_hook`s run once, in a transaction of their own.
/// 4. ``MicrobatchPlan`` picks the batches; each is an ``IncrementalStep`` over the compiled SQL bound to its window,
///    committed with its ledger row. A failed batch rolls back alone, is recorded as failed, and the others go on.
/// 5. When any batch succeeded, the grants and `post_hook`s run once.
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
        let environment = context.microbatch
        let startedAt = environment?.runStartedAt ?? Date()
        let fullRefresh = config.fullRefresh ?? context.fullRefresh
        let existing = try statements.existingKind(of: node.relation.identifier)
        let rebuilding = fullRefresh || existing != .table
        if rebuilding {
            try ledger.forget()
            _ = try RelationReplacement(node: emptyTable, context: context, kind: .table).run()
        }
        let plan = MicrobatchPlan(config: batching, now: startedAt, range: environment?.eventTimeRange)
        let batches = plan.batches(rebuilding: rebuilding, completed: rebuilding ? [] : try ledger.completed())
        try statements.inTransaction { () throws(ModelExecutionError) in try statements.runPreHooks() }
        let runner = MicrobatchBatchRunner(
            node: batchNode, config: config, batchSize: batching.batchSize, runStartedAt: startedAt,
            environment: environment)
        let results = runner.run(batches, on: context.connection, parallel: runsInParallel)
        if !results.outcome.successful.isEmpty {
            let grants = try GrantStatements(node: node).statements()
            try statements.inTransaction { () throws(ModelExecutionError) in try statements.finish(grants: grants) }
        }
        return MaterializationOutcome(
            commandTag: results.outcome.failed.isEmpty ? "SUCCESS" : nil, rowsAffected: results.rows,
            batches: results.outcome)
    }

    /// The node a batch runs: no hooks or grants (they run once per model), SQL still holding the placeholders.
    private var batchNode: ExecutionNode {
        var batch = node
        batch.preHooks = []
        batch.postHooks = []
        batch.grants = [:]
        return batch
    }

    /// The node whose build makes the empty table: the model's SQL over its first batch, with `where false`, which
    /// Postgres plans (so the columns are the model's) without reading a row.
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
