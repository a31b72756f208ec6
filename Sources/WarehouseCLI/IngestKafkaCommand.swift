import ArgumentParser
import Foundation
import KafkaClient
import Synchronization
import WarehouseCore
import WarehouseEngine
import WarehouseIngest

/// `wh ingest kafka`: the project's Kafka sources into their bronze tables, exactly once.
struct IngestKafkaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Consume the project's Kafka sources into their bronze tables, exactly once.",
        discussion: """
            Each batch of messages is written with COPY in one transaction with the next offset of every partition \
            it holds (wh_meta.kafka_offsets); partitions start where that record says, so a restarted or second \
            consumer loads nothing twice. Messages that are not valid JSON, or whose typed columns do not fit, go \
            to <table>_rejects with their error. SIGINT or SIGTERM finishes the batch in hand and exits 0.
            """)

    @OptionGroup var project: ProjectOptions

    @Option(help: "The Kafka source to ingest (default: all of the project's).")
    var source: String?

    @Flag(name: .customLong("until-caught-up"), help: "Stop once every assigned partition is loaded to its end.")
    var untilCaughtUp = false

    @Flag(help: "Keep consuming until stopped (the default unless --until-caught-up or --max-messages is given).")
    var follow = false

    @Option(name: .customLong("max-messages"), help: "Stop after storing this many messages (per source).")
    var maxMessages: Int?

    func validate() throws {
        if untilCaughtUp && follow { throw ValidationError("--until-caught-up and --follow exclude each other") }
        if let maxMessages, maxMessages < 1 { throw ValidationError("--max-messages must be 1 or more") }
    }

    func run() async throws {
        let project = try project.loadProject()
        let sources = try ProjectIngest.kafkaSources(of: project, named: source)
        let connection = try await ProjectDatabase.resolve(project)
        try await ProjectDatabase.checkReachable(connection)
        let mode: KafkaIngestMode = untilCaughtUp || (maxMessages != nil && !follow) ? .untilCaughtUp : .follow
        let stop = StopRequest()
        let signals = InterruptSignals { number in
            Console.current.printError(
                "\n\(number == SIGTERM ? "SIGTERM" : "SIGINT"): finishing the batch in hand, then stopping ...")
            stop.flag.store(true, ordering: .releasing)
        }
        defer { signals.stop() }
        let console = Console.current
        let logger = ConsoleLogHandler.kafkaLogger()
        let maxMessages = maxMessages
        try await withThrowingTaskGroup(of: Void.self) { group in
            for source in sources {
                let kafka = try ProjectIngest.kafkaConfiguration(for: source, projectRoot: project.root)
                console.print(
                    "\(source.name): \(source.topics.joined(separator: ", ")) from \(kafka["bootstrap.servers"] ?? "?") into "
                        + "\(source.table) (group \(source.group))")
                let ingestor = KafkaIngestor(
                    source: source, kafka: kafka, postgres: connection.configuration, logger: logger)
                group.addTask {
                    let started = ContinuousClock.now
                    let totals = try await Self.reporting(source) {
                        try await KafkaThread.run {
                            try ingestor.run(
                                mode: mode, maxMessages: maxMessages,
                                shouldStop: { stop.flag.load(ordering: .acquiring) },
                                progress: Self.progressPrinter(source.name, console: console))
                        }
                    }
                    console.print(Self.summary(source, totals, seconds: (ContinuousClock.now - started).seconds))
                }
            }
            try await group.waitForAll()
        }
    }

    /// Stops every source's loop between batches.
    private final class StopRequest: Sendable {
        let flag = Atomic<Bool>(false)
    }

    /// Prints the totals at most every 5 seconds, so `--follow` shows it is alive without flooding.
    private static func progressPrinter(_ name: String, console: Console) -> (KafkaIngestTotals) -> Void {
        var last = ContinuousClock.now
        return { totals in
            guard ContinuousClock.now - last >= .seconds(5) else { return }
            last = ContinuousClock.now
            console.print("\(name): \(totals.loaded) loaded, \(totals.rejected) rejected so far")
        }
    }

    private static func summary(_ source: KafkaSourceSettings, _ totals: KafkaIngestTotals, seconds: Double) -> String {
        let rate = seconds > 0 ? Int(Double(totals.stored) / seconds) : 0
        var text =
            "\(source.name): loaded \(totals.loaded) messages into \(source.table), rejected \(totals.rejected)"
            + (totals.rejected > 0 ? " (see \(source.table)_rejects)" : "")
        if totals.alreadyLoaded > 0 { text += ", skipped \(totals.alreadyLoaded) already loaded" }
        text += String(format: " in %.1f s (%d msg/s)", seconds, rate)
        return text
    }

    /// Runs `body`, turning ingest and Kafka problems into messages naming the source and a user-error exit.
    private static func reporting<T>(_ source: KafkaSourceSettings, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as KafkaIngestError {
            Console.current.printError("\(source.location): \(error.description)")
        } catch let error as KafkaError {
            Console.current.printError("\(source.location): error: source \(source.name): \(error)")
        }
        throw ReportedFailure(exitCode: .userError)
    }
}
