import PostgresClient
import WarehouseCore

/// `test`: runs a data test, whose compiled SQL selects the failing rows, and judges the count as dbt does.
///
/// The count comes from dbt's wrapper,
/// `select <fail_calc> as failures, <fail_calc> <warn_if> as should_warn, <fail_calc> <error_if> as should_error
/// from (<sql> [limit N]) dbt_internal_test` (`fail_calc` is `count(*)` unless the test sets it), after `warn_if` and `error_if` are checked to be a comparison and a
/// number. It runs in a read-only transaction, so a test cannot change the warehouse. When the test warns or fails,
/// up to five failing rows (no more than `limit`) are fetched
/// for the message.
///
/// With `store_failures`, the failing rows (at most `limit` of them) are first written to the node's relation (the
/// audit table), replaced atomically as a table model is (see ``RelationReplacement``), and the count reads that
/// table.
public struct TestMaterialization: Materialization {
    public init() {}

    public var executes: Bool { true }

    public func materialize(_ node: ExecutionNode, context: MaterializationContext) throws(ModelExecutionError)
        -> MaterializationOutcome
    {
        let config = node.test ?? TestConfig()
        let statements = ModelStatements(node: node, context: context)
        let warnIf = try condition("warn_if", config.warnIf, node: node)
        let errorIf = try condition("error_if", config.errorIf, node: node)
        if let limit = config.limit, limit < 0 {
            throw ModelExecutionError(
                node: node, phase: .build, cause: .refused("limit \(limit) is negative; use 0 or more, or no limit"))
        }
        if config.storeFailures {
            // As dbt, the audit table holds the rows the limit lets through; the prefix shares the SQL's first line
            // so that error lines still map to the test's file.
            var stored = node
            if let limit = config.limit {
                stored.compiledSQL = "select * from (" + node.compiledSQL + "\n) dbt_internal_test limit \(limit)"
            }
            _ = try RelationReplacement(node: stored, context: context, kind: .table).run()
        }
        let failingRows = FailingRowsQuery(statements: statements, stored: config.storeFailures)
        let limit = config.limit.map { "\nlimit \($0)" } ?? ""
        return try statements.inTransaction(readOnly: true) {
            () throws(ModelExecutionError) -> MaterializationOutcome in
            let counted = try failingRows.run(
                prefix:
                    "select \(config.failCalc) as failures, \(warnIf.sql(of: config.failCalc)) as should_warn, "
                    + "\(errorIf.sql(of: config.failCalc)) as should_error from (\n",
                suffix: "\(limit)\n) dbt_internal_test")
            let (failures, shouldWarn, shouldError) = try counts(counted, node: node)
            let verdict = TestOutcome.verdict(
                severity: config.severity, shouldWarn: shouldWarn, shouldError: shouldError)
            var message = "PASS"
            var sample: FailingRows?
            if verdict != .pass {
                let sampleSize = min(config.limit ?? FailingRows.sampleSize, FailingRows.sampleSize)
                let rows = try failingRows.run(
                    prefix: "select * from (\n", suffix: "\n) dbt_internal_test limit \(sampleSize)")
                let fetched = FailingRows(
                    columns: rows.columns, rows: rows.map { row in rows.columns.indices.map { row.string($0) } })
                let threshold = verdict == .fail ? config.errorIf : config.warnIf
                message =
                    "Got \(failures) result\(failures == 1 ? "" : "s"), configured to \(verdict.rawValue) if \(threshold)"
                message +=
                    "\n"
                    + (["failing rows (first \(fetched.rows.count)):"] + fetched.lines).joined(
                        separator: "\n  ")
                sample = fetched
            }
            return MaterializationOutcome(
                commandTag: counted.commandTag, rowsAffected: nil,
                test: TestOutcome(verdict: verdict, failures: failures, sample: sample, message: message))
        }
    }

    private func condition(_ key: String, _ value: String, node: ExecutionNode) throws(ModelExecutionError)
        -> FailureCondition
    {
        guard let condition = FailureCondition(parsing: value) else {
            throw ModelExecutionError(
                node: node, phase: .build, cause: .refused(FailureCondition.refusal(key: key, value: value)))
        }
        return condition
    }

    private func counts(_ result: QueryResult, node: ExecutionNode) throws(ModelExecutionError) -> (
        failures: Int, shouldWarn: Bool, shouldError: Bool
    ) {
        do throws(PostgresError) {
            // A `fail_calc` such as `sum(...)` over no rows is NULL, which judges nothing, as in dbt.
            if let row = result.first {
                return (try row.int(0) ?? 0, try row.bool(1) ?? false, try row.bool(2) ?? false)
            }
        } catch {
            throw ModelExecutionError(node: node, phase: .build, cause: .postgres(error))
        }
        throw ModelExecutionError(node: node, phase: .build, cause: .refused("the test's count query returned no row"))
    }
}

/// The failing rows of a test, read either by running its compiled SQL or from its audit table.
private struct FailingRowsQuery {
    let statements: ModelStatements
    let stored: Bool

    /// Runs `prefix + <failing rows> + suffix`; errors in the compiled SQL point into it.
    func run(prefix: String, suffix: String) throws(ModelExecutionError) -> QueryResult {
        guard stored else { return try statements.runWrapped(prefix: prefix, suffix: suffix) }
        return try statements.execute(
            prefix + "select * from \(statements.node.relation.schemaQualified)" + suffix, phase: .build)
    }
}
