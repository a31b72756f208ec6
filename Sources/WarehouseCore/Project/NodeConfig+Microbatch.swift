import SQLTemplate

extension NodeConfig {
    /// `event_time`: the column holding when each row happened, which microbatch models filter their inputs on.
    public var eventTime: String? { extra["event_time"]?.stringValue }

    /// Whether the node is an incremental model built in batches of time (`incremental_strategy: microbatch`).
    public var isMicrobatch: Bool {
        materialized == "incremental" && incrementalStrategy?.lowercased() == "microbatch"
    }
}
