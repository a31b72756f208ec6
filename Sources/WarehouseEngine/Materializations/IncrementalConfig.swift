/// How an `incremental` model merges a run's rows into its table: dbt's `incremental_strategy`, `unique_key`,
/// `incremental_predicates`, `merge_update_columns`, `merge_exclude_columns`, `on_schema_change`, `full_refresh`.
public struct IncrementalConfig: Sendable, Hashable {
    /// `incremental_strategy`.
    public enum Strategy: String, Sendable, Hashable, CaseIterable {
        /// Inserts every row of the run.
        case append
        /// Deletes the target's rows whose `unique_key` matches a new row, then inserts every row.
        case deleteInsert = "delete+insert"
        /// `MERGE` on `unique_key`: updates matching rows, inserts the others.
        case merge
        /// Batches of time, each run on its own (see ``MicrobatchConfig``): merged on `unique_key` as dbt-postgres
        /// does, or without one the batch's time window is deleted and its rows inserted.
        case microbatch
    }

    /// `on_schema_change`: what to do when the model's columns differ from the table's.
    public enum SchemaChange: String, Sendable, Hashable, CaseIterable {
        /// Inserts only the table's existing columns.
        case ignore
        /// Fails the node, naming the added and removed columns.
        case fail
        /// Adds the new columns to the table (`alter table ... add column`).
        case appendNewColumns = "append_new_columns"
        /// Adds the new columns and drops the removed ones.
        case syncAllColumns = "sync_all_columns"
    }

    /// How the new rows are applied (`incremental_strategy`).
    public var strategy: Strategy
    /// The columns that identify a row (one or several); empty when none was configured.
    public var uniqueKey: [String]
    /// Extra conditions added to the `delete` (delete+insert) or the `merge`'s join condition.
    public var predicates: [String]
    /// The columns a `merge` updates; `nil` means every column except `mergeExcludeColumns`.
    public var mergeUpdateColumns: [String]?
    /// Columns a `merge` never updates.
    public var mergeExcludeColumns: [String]
    /// What happens when the model's columns differ from the table's (`on_schema_change`).
    public var onSchemaChange: SchemaChange
    /// The model's `full_refresh` config: `false` keeps the table even under `--full-refresh`, `true` always
    /// rebuilds it, `nil` follows the run's flag.
    public var fullRefresh: Bool?
    /// The batches' settings, for the `microbatch` strategy.
    public var microbatch: MicrobatchConfig?

    /// dbt-postgres's defaults: `append` without a `unique_key`, `merge` with one; `on_schema_change: ignore`.
    public init(
        strategy: Strategy? = nil, uniqueKey: [String] = [], predicates: [String] = [],
        mergeUpdateColumns: [String]? = nil, mergeExcludeColumns: [String] = [], onSchemaChange: SchemaChange = .ignore,
        fullRefresh: Bool? = nil, microbatch: MicrobatchConfig? = nil
    ) {
        self.strategy = strategy ?? (uniqueKey.isEmpty ? .append : .merge)
        self.uniqueKey = uniqueKey
        self.predicates = predicates
        self.mergeUpdateColumns = mergeUpdateColumns
        self.mergeExcludeColumns = mergeExcludeColumns
        self.onSchemaChange = onSchemaChange
        self.fullRefresh = fullRefresh
        self.microbatch = microbatch
    }
}
