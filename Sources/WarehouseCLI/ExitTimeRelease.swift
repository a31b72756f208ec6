import Synchronization

/// Large results the `wh` process keeps until it exits instead of freeing them when a command ends.
///
/// Freeing the compiled graph of a 10,000-model project costs about a tenth of its compile time, and the kernel takes
/// the memory back at exit anyway. Runs inside another process (tests) leave it off and free as usual.
enum ExitTimeRelease {
    @TaskLocal static var isEnabled = false
    private static let kept = Mutex<[any Sendable]>([])

    static func keep(_ value: some Sendable) {
        guard isEnabled else { return }
        kept.withLock { $0.append(value) }
    }
}
