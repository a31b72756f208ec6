import ArgumentParser

/// `--full-refresh`, taken by the commands that build relations (`wh run`, `wh seed`, `wh build`).
///
/// Incremental models are rebuilt whole (unless their config says `full_refresh: false`) and `is_incremental()` is
/// false; nothing counts as up to date (as with `--no-skip`), so every table, view and seed is rebuilt too.
struct FullRefreshOption: ParsableArguments {
    @Flag(
        name: .customLong("full-refresh"),
        help: """
            Rebuild incremental models from scratch (unless their config says full_refresh: false): \
            is_incremental() is false. Nothing is skipped as up to date: tables, views and seeds are rebuilt too.
            """)
    var isOn = false
}
