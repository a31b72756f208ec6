import ArgumentParser

/// `--full-refresh`, taken only by the commands that load seeds (`wh seed`, `wh build`): today it changes nothing
/// else, so `wh run` and `wh test` do not offer it.
struct FullRefreshOption: ParsableArguments {
    @Flag(
        name: .customLong("full-refresh"),
        help: """
            Drop and recreate each seed's table even when its columns are unchanged (by default its rows are \
            replaced in place).
            """)
    var isOn = false
}
