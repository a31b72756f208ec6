import ArgumentParser

/// `--full-refresh`, taken by the commands that build relations (`wh run`, `wh seed`, `wh build`).
///
/// Every table, view and seed is already rebuilt from scratch and swapped in, so today it only makes
/// `is_incremental()` false; dbt users' scripts pass it, and incremental models will honour it.
struct FullRefreshOption: ParsableArguments {
    @Flag(
        name: .customLong("full-refresh"),
        help: """
            Build as if nothing existed yet: is_incremental() is false. Tables, views and seeds are rebuilt from \
            scratch on every run anyway.
            """)
    var isOn = false
}
