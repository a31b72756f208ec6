import Foundation
public import Logging
public import PostgresClient
public import WarehouseEngine

/// The latest build of the warehouse, as `wh serve` knows it: read from `wh_meta.builds` when the listening
/// connection opens and again on each `NOTIFY wh_build` (``BuildHistory``).
///
/// The cache keys its entries by ``State/generation``, which changes with every build noticed and every
/// reconnection (builds may have finished while nobody listened); while not listening, nothing should be served from
/// a cache, as a build could go unnoticed.
public final class BuildWatcher: Sendable {
    /// What the watcher knows.
    public struct State: Sendable, Equatable {
        /// Changes whenever the data may have changed; results computed under another generation are stale.
        public var generation: Int
        /// The latest recorded build, `nil` when nothing was ever built (or not yet read).
        public var latest: BuildHistory.Record?
        /// Whether a connection listens now, so that a build would be noticed.
        public var listening: Bool
    }

    private let lock = NSLock()
    /// Guarded by `lock`.
    private nonisolated(unsafe) var state = State(generation: 0, latest: nil, listening: false)
    /// Set once in `init`, before the listener's thread can call back; only `stop` reads it afterwards.
    private nonisolated(unsafe) var listener: NotificationListener?

    /// Starts watching the database `configuration` names.
    public init(configuration: ConnectionConfiguration, logger: Logger) {
        listener = NotificationListener(
            configuration: configuration, channels: [BuildHistory.channel], logger: logger,
            listening: { [weak self] connection in try self?.refresh(from: connection, reconnected: true) },
            received: { [weak self] _, connection in try self?.refresh(from: connection, reconnected: false) },
            lost: { [weak self] _ in self?.update { $0.listening = false } })
    }

    deinit {
        listener?.stop()
    }

    /// Stops watching; ``current`` then stays as it was, not listening.
    public func stop() {
        listener?.stop()
        update { $0.listening = false }
    }

    /// What the watcher knows now.
    public var current: State {
        lock.withLock { state }
    }

    /// Waits until `condition` holds for ``current`` or `timeout` passed; returns whether it held.
    public func wait(for timeout: Duration, until condition: (State) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition(current) {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    private func refresh(from connection: Connection, reconnected: Bool) throws {
        let latest = try BuildHistory.latest(on: connection)
        update { state in
            if reconnected || latest != state.latest { state.generation += 1 }
            state.latest = latest
            state.listening = true
        }
    }

    private func update(_ change: (inout State) -> Void) {
        lock.withLock { change(&state) }
    }
}
