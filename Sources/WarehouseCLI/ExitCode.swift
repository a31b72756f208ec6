/// `wh`'s exit codes: 0 when everything worked, 1 for a problem the user can fix (their project, their
/// arguments, their data), 2 for a fault in `wh` itself.
public enum WarehouseExitCode: Int32, Sendable {
    case success = 0
    case userError = 1
    case internalError = 2
    /// Stopped by SIGINT (Ctrl-C) after cancelling what ran.
    case interrupted = 130
    /// Stopped by SIGTERM after cancelling what ran.
    case terminated = 143
}

/// A failure already reported to the user, carrying only the exit code to end with.
struct ReportedFailure: Error {
    var exitCode: WarehouseExitCode
}
