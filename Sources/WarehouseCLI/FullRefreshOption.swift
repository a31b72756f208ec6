import ArgumentParser

/// `--full-refresh`, taken by the commands that build relations (`wh run`, `wh seed`, `wh build`).
///
/// Incremental models are rebuilt whole (unless their config says `full_refresh: false`) and `is_incremental()` is
/// false; every table, view and seed is rebuilt from scratch and swapped in anyway.
struct FullRefreshOption: ParsableArguments {
    @Flag(
        name: .customLong("full-refresh"),
        help: """
            Rebuild incremental models from scratch (unless their config says full_refresh: false): \
            is_incremental() is false. Tables, views and seeds are rebuilt on every run anyway.
            """)
    var isOn = false
}
