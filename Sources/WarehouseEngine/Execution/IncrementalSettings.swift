import SQLTemplate
import WarehouseCore

/// Reads an incremental model's configuration (dbt's keys) into an ``IncrementalConfig``, refusing values the
/// engine cannot run.
enum IncrementalSettings {
    static func read(_ config: NodeConfig) throws(ExecutionPlanningError.Problem) -> IncrementalConfig {
        var strategy: IncrementalConfig.Strategy?
        if let name = config.incrementalStrategy {
            guard let known = IncrementalConfig.Strategy(rawValue: name.lowercased()) else {
                throw ExecutionPlanningError.Problem(
                    message: "incremental_strategy '\(name)' is not supported",
                    help: "use one of " + IncrementalConfig.Strategy.allCases.map(\.rawValue).joined(separator: ", "))
            }
            strategy = known
        }
        var onSchemaChange = IncrementalConfig.SchemaChange.ignore
        if let name = config.onSchemaChange {
            guard let known = IncrementalConfig.SchemaChange(rawValue: name.lowercased()) else {
                throw ExecutionPlanningError.Problem(
                    message: "on_schema_change '\(name)' is not supported",
                    help: "use one of "
                        + IncrementalConfig.SchemaChange.allCases.map(\.rawValue).joined(separator: ", "))
            }
            onSchemaChange = known
        }
        return IncrementalConfig(
            strategy: strategy,
            uniqueKey: try strings(config.uniqueKey, key: "unique_key") ?? [],
            predicates: try strings(config.extra["incremental_predicates"], key: "incremental_predicates") ?? [],
            mergeUpdateColumns: try strings(config.extra["merge_update_columns"], key: "merge_update_columns"),
            mergeExcludeColumns: try strings(config.extra["merge_exclude_columns"], key: "merge_exclude_columns") ?? [],
            onSchemaChange: onSchemaChange,
            fullRefresh: config.fullRefresh,
            microbatch: strategy == .microbatch ? try MicrobatchSettings.read(config) : nil)
    }

    /// A string or a list of strings; `nil` when not configured.
    private static func strings(_ literal: Literal?, key: String) throws(ExecutionPlanningError.Problem) -> [String]? {
        guard let literal, literal != .none else { return nil }
        if let strings = literal.stringList { return strings }
        throw ExecutionPlanningError.Problem(
            message: "config '\(key)' must be a string or a list of strings", help: "write \(key)=['id']")
    }
}
