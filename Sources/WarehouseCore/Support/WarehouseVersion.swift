/// The version of `wh`, written into the artifacts it produces (`manifest.json`, `run_results.json`).
public enum WarehouseVersion {
    public static let current = "0.1.0"
}
