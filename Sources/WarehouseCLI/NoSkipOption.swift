import ArgumentParser

/// `--no-skip`, taken by the commands that build relations (`wh run`, `wh seed`, `wh build`): run every selected node
/// even when it would build exactly what it built last time.
struct NoSkipOption: ParsableArguments {
    @Flag(
        name: .customLong("no-skip"),
        help: """
            Run every selected node, also those whose SQL, config and upstream data are unchanged since their last \
            successful build (otherwise reported as SKIP (up to date)).
            """)
    var isOn = false
}
