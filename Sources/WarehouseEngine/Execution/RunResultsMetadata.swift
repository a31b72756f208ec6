public import Foundation

/// The `metadata` block of `run_results.json`.
public struct RunResultsMetadata: Sendable, Hashable {
    /// The schema the file follows: dbt's, so tools that read dbt artifacts read ours.
    public static let dbtSchemaVersion = "https://schemas.getdbt.com/dbt/run-results/v6.json"

    public var generatedAt: Date
    /// The id of the `wh` invocation, shared with `manifest.json` of the same run.
    public var invocationID: String
    /// The `wh` version that wrote the file.
    public var whVersion: String
    /// The command that ran (`run`, `build`, `seed`, `test`), written as dbt's `args.which` for `wh retry`.
    public var command: String?
    /// When the run started (`invocation_started_at`): `wh retry` plans microbatch batches against it, as dbt does.
    public var invocationStartedAt: Date?

    public init(
        generatedAt: Date = Date(), invocationID: String = UUID().uuidString.lowercased(), whVersion: String,
        command: String? = nil, invocationStartedAt: Date? = nil
    ) {
        self.generatedAt = generatedAt
        self.invocationID = invocationID
        self.whVersion = whVersion
        self.command = command
        self.invocationStartedAt = invocationStartedAt
    }
}
