/// project.yml's `serve:`: where `wh serve` listens and how long a KPI query may run.
public struct ServeSettings: Sendable, Hashable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// The statement timeout of a KPI query unless the KPI sets its own (`statement_timeout` there).
    public var statementTimeoutMilliseconds = 10_000
    /// `serve.auth:`: who may call the data endpoints; nil serves them to anyone.
    public var auth: ServeAuthSettings?

    public init() {}
}
