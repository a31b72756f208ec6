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

    public init(generatedAt: Date = Date(), invocationID: String = UUID().uuidString.lowercased(), whVersion: String) {
        self.generatedAt = generatedAt
        self.invocationID = invocationID
        self.whVersion = whVersion
    }
}
