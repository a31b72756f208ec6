/// The version of `wh`: what `wh --version` prints, and `wh_version` in the artifacts it writes (`manifest.json`,
/// `run_results.json`), as dbt writes `dbt_version`.
public enum WarehouseVersion {
    public static let current = "0.1.0"
}
