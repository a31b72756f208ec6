import Foundation
public import Logging

/// Collects log messages in memory, so tests can assert what was logged.
public final class LogCapture: Sendable {
    /// One logged message.
    public struct Entry: Sendable {
        public var level: Logger.Level
        public var message: String
        public var metadata: Logger.Metadata
    }

    private let lock = NSLock()
    /// Guarded by `lock`.
    private nonisolated(unsafe) var storage: [Entry] = []

    public init() {}

    /// A logger at `trace` level whose messages land in this capture.
    public func logger(label: String = "wh.postgres") -> Logger {
        var logger = Logger(label: label) { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Everything logged so far, oldest first.
    public var entries: [Entry] {
        lock.withLock { storage }
    }

    fileprivate func append(_ entry: Entry) {
        lock.withLock { storage.append(entry) }
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            capture.append(
                Entry(
                    level: event.level, message: event.message.description,
                    metadata: metadata.merging(event.metadata ?? [:]) { $1 }))
        }
    }
}
