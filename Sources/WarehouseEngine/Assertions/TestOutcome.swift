/// What running a data test found: its verdict, how many failing rows, and a few of them.
public struct TestOutcome: Sendable, Hashable {
    /// A test's verdict, decided as dbt does.
    public enum Verdict: String, Sendable, Hashable {
        case pass
        case warn
        case fail

        /// The node status this verdict reports.
        public var status: NodeResult.Status {
            switch self {
            case .pass: .pass
            case .warn: .warn
            case .fail: .fail
            }
        }
    }

    public var verdict: Verdict
    /// How many rows the test selected (at most `limit`, when set).
    public var failures: Int
    /// Up to ``FailingRows/sampleSize`` of the failing rows, for `warn` and `fail`; `nil` on `pass`.
    public var sample: FailingRows?
    /// `Got 3 results, configured to fail if != 0`, then the sample; `PASS` when it passed.
    public var message: String

    public init(verdict: Verdict, failures: Int, sample: FailingRows?, message: String) {
        self.verdict = verdict
        self.failures = failures
        self.sample = sample
        self.message = message
    }

    /// dbt's verdict: with severity `error`, fail when `error_if` holds; otherwise warn when `warn_if` holds.
    static func verdict(severity: TestConfig.Severity, shouldWarn: Bool, shouldError: Bool) -> Verdict {
        if severity == .error && shouldError { return .fail }
        return shouldWarn ? .warn : .pass
    }
}
