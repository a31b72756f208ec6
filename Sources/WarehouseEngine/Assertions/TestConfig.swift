import SQLTemplate
public import WarehouseCore

/// How a data test judges the rows its SQL selects: dbt's `severity`, `warn_if`, `error_if`, `limit`,
/// `store_failures` and `fail_calc` configs.
///
/// The thresholds are kept as written and checked when the test runs (see ``FailureCondition``), so a bad one
/// fails that test with a message instead of the whole run.
public struct TestConfig: Sendable, Hashable {
    /// Whether failing rows can fail the test, or only warn.
    public enum Severity: String, Sendable, Hashable, Codable {
        case error = "ERROR"
        case warn = "WARN"
    }

    public var severity: Severity
    /// The condition on the failure count that makes the test warn (`!= 0`, `>10`).
    public var warnIf: String
    /// The condition on the failure count that makes the test fail, when the severity is `error`.
    public var errorIf: String
    /// At most this many failing rows are counted (and sampled); `nil` counts them all.
    public var limit: Int?
    /// Keep the failing rows in the audit table (``ExecutionNode/relation`` of the test node), replaced on each run.
    public var storeFailures: Bool
    /// The SQL aggregate over the failing rows that the thresholds judge.
    ///
    /// `count(*)` unless a test sets its own (`dbt_utils.equal_rowcount` sums a difference). It is SQL from the
    /// project, like a model's.
    public var failCalc: String

    public init(
        severity: Severity = .error, warnIf: String = "!= 0", errorIf: String = "!= 0", limit: Int? = nil,
        storeFailures: Bool = false, failCalc: String = "count(*)"
    ) {
        self.severity = severity
        self.warnIf = warnIf
        self.errorIf = errorIf
        self.limit = limit
        self.storeFailures = storeFailures
        self.failCalc = failCalc
    }

    /// The test configs of a compiled node, with dbt's defaults for those not set.
    public init(_ config: NodeConfig) {
        self.init(
            severity: config.severity?.uppercased() == Severity.warn.rawValue ? .warn : .error,
            warnIf: config.warnIf ?? "!= 0",
            errorIf: config.errorIf ?? "!= 0",
            limit: config.limit,
            storeFailures: config.storeFailures ?? false,
            failCalc: config.extra["fail_calc"]?.stringValue ?? "count(*)"
        )
    }
}
