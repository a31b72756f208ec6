public import Foundation

/// What the compiler needs from outside the project files: the target database and the runtime's answers.
public struct CompileOptions: Sendable {
    /// The database name relations are qualified with (dbt-postgres prints `"db"."schema"."table"`).
    public var database: String
    /// Models whose relation already exists as a table, so `is_incremental()` is true for them unless `fullRefresh` is
    /// set.
    ///
    /// The runtime fills it; a pure compile leaves it empty.
    public var existingIncrementalModels: Set<NodeID>
    public var fullRefresh: Bool
    public var runStartedAt: Date
    /// Environment variables `env_var()` reads.
    public var environment: [String: String]
    /// Worker count for rendering; defaults to the machine's active processors.
    public var parallelism: Int
    /// Whether an undefined name is an error (`--strict`) rather than empty text with a warning, as dbt renders it.
    public var strictUndefined: Bool
    /// The command compiling, as templates read it in `flags.WHICH` (`compile`, `run`, `build`, ...): dbt-utils'
    /// `star` and `union_relations` print a placeholder only while compiling.
    public var command = "compile"

    public init(
        database: String = "warehouse",
        existingIncrementalModels: Set<NodeID> = [],
        fullRefresh: Bool = false,
        runStartedAt: Date = Date(),
        environment: [String: String] = ProcessInfo.processInfo.environment,
        parallelism: Int = ProcessInfo.processInfo.activeProcessorCount,
        strictUndefined: Bool = false
    ) {
        self.strictUndefined = strictUndefined
        self.database = database
        self.existingIncrementalModels = existingIncrementalModels
        self.fullRefresh = fullRefresh
        self.runStartedAt = runStartedAt
        self.environment = environment
        self.parallelism = max(1, parallelism)
    }
}
