import Logging

/// Log messages as `note:` lines on the console's error stream, so they reach users and tests like other output.
struct ConsoleLogHandler: LogHandler {
    let console: Console
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .notice

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let details = metadata.merging(event.metadata ?? [:]) { $1 }.sorted { $0.key < $1.key }
        let suffix =
            details.isEmpty ? "" : " (" + details.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + ")"
        let severity = event.level >= .error ? "error" : event.level >= .warning ? "warning" : "note"
        console.printError("\(severity): \(event.message)\(suffix)")
    }

    /// The `wh.postgres` logger writing to the current console.
    static func postgresLogger() -> Logger {
        let console = Console.current
        return Logger(label: "wh.postgres") { _ in ConsoleLogHandler(console: console) }
    }

    /// The executor's logger: warnings and errors only, since its own progress lines already say what runs, and
    /// server notices such as "schema already exists, skipping" are noise there.
    static func runLogger() -> Logger {
        let console = Console.current
        return Logger(label: "wh.run") { _ in ConsoleLogHandler(console: console, logLevel: .warning) }
    }

    /// The `wh.kafka` logger (librdkafka's log lines): warnings and errors only, as librdkafka narrates every
    /// connection and rebalance below that.
    static func kafkaLogger() -> Logger {
        let console = Console.current
        return Logger(label: "wh.kafka") { _ in ConsoleLogHandler(console: console, logLevel: .warning) }
    }

    /// The `wh.serve` logger: warnings and errors only (a database that went away, a KPI that failed).
    static func serveLogger() -> Logger {
        let console = Console.current
        return Logger(label: "wh.serve") { _ in ConsoleLogHandler(console: console, logLevel: .warning) }
    }
}
