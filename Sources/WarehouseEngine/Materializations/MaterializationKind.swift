/// How a model becomes a relation: the `materialized` config value.
///
/// Each kind names its strategy (a ``Materialization``); a new kind adds a case and a strategy.
public enum MaterializationKind: String, Sendable, Hashable, Codable, CaseIterable {
    case view
    case table
    case ephemeral
    /// A data test: counts the rows its SQL selects and passes, warns or fails (see ``TestMaterialization``).
    case test
    /// A seed: a CSV file loaded into a table with `COPY` (see ``SeedMaterialization``).
    case seed
    /// A table that later runs extend instead of rebuilding (see ``IncrementalMaterialization``).
    case incremental
    /// A table keeping every version of its query's rows (SCD type 2, see ``SnapshotMaterialization``).
    case snapshot
    /// A dbt unit test: a model run on given rows, compared with expected rows (see ``UnitTestMaterialization``).
    case unit

    /// The strategy that builds this kind.
    public var strategy: any Materialization {
        switch self {
        case .view: ViewMaterialization()
        case .table: TableMaterialization()
        case .ephemeral: EphemeralMaterialization()
        case .test: TestMaterialization()
        case .seed: SeedMaterialization()
        case .incremental: IncrementalMaterialization()
        case .snapshot: SnapshotMaterialization()
        case .unit: UnitTestMaterialization()
        }
    }
}
