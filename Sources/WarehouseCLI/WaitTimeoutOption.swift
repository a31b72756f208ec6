import ArgumentParser

/// `--wait-timeout`, taken by the commands that hold the build lock (`wh run`, `wh build`, `wh seed`).
struct WaitTimeoutOption: ParsableArguments {
    @Option(
        name: .customLong("wait-timeout"),
        help: ArgumentHelp(
            "When another build is running on the database, wait up to this many seconds for it.",
            valueName: "seconds"))
    var seconds: Double = 0

    func validate() throws {
        if seconds < 0 || !seconds.isFinite {
            throw ValidationError("--wait-timeout must be a number of seconds, 0 or more")
        }
    }
}
