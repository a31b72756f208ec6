import ArgumentParser
import Foundation
import KafkaClient

/// `wh kafka consume-bench` (hidden): a consume-only loop over a topic, the Kafka side's limit in the benchmarks.
struct KafkaConsumeBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume-bench",
        abstract: "Consume COUNT messages from a topic as fast as librdkafka delivers them; print msgs/s and MB/s.",
        shouldDisplay: false)

    @Option(help: "The topic to read.")
    var topic: String = "orders"

    @Option(help: "Stop after this many messages.")
    var count: Int

    @Option(help: "Messages per poll.")
    var batch: Int = 10_000

    @Option(help: "The consumer group (default: one of its own per run, reading from the beginning).")
    var group: String?

    @Option(help: "Give up after this many seconds without reaching COUNT.")
    var timeout: Int = 600

    @Option(help: "Kafka bootstrap servers (default: the embedded broker's recorded address).")
    var brokers: String?

    @Option(name: .customLong("project-dir"), help: "The project folder, where `wh kafka up` records its address.")
    var projectDirectory: String = "."

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be 1 or more, got \(count)") }
        guard batch >= 1 else { throw ValidationError("--batch must be 1 or more, got \(batch)") }
    }

    func run() async throws {
        let console = Console.current
        let address = try KafkaAddress.resolve(brokers: brokers, projectDirectory: projectDirectory)
        let (topic, count, batch, timeout) = (topic, count, batch, timeout)
        let groupID = group ?? "wh-consume-bench-\(ProcessInfo.processInfo.processIdentifier)"
        let logger = ConsoleLogHandler.kafkaLogger()
        let outcome: Result<(messages: Int, bytes: Int, seconds: Double), KafkaError> = try await KafkaThread.run {
            do throws(KafkaError) {
                // Every partition starts at its beginning; falling behind the broker's retention (the mock keeps
                // about 5 MiB a partition) is an error (`auto.offset.reset=error`), not a silent skip.
                let consumer = try KafkaConsumer(
                    configuration: KafkaConfiguration(
                        bootstrapServers: address,
                        properties: ["session.timeout.ms": "6000", "auto.offset.reset": "error"]),
                    groupID: groupID, logger: logger,
                    rebalance: KafkaRebalanceHandler(assigned: { partitions in
                        Dictionary(uniqueKeysWithValues: partitions.map { ($0, KafkaConsumer.offsetBeginning) })
                    }))
                try consumer.subscribe(to: [topic])
                let deadline = ContinuousClock.now + .seconds(timeout)
                var first: ContinuousClock.Instant?
                var joined = false
                var messages = 0
                var bytes = 0
                while messages < count {
                    guard ContinuousClock.now < deadline else {
                        throw KafkaError(
                            kind: .timedOut, detail: "read \(messages) of \(count) messages in \(timeout) s",
                            operation: "consume \(topic)")
                    }
                    let read = try consumer.poll(maxMessages: min(batch, count - messages), linger: .milliseconds(100))
                    if !joined, case let assigned = try consumer.assignment(), !assigned.isEmpty {
                        // Scripts wait for this line before producing: the mock broker keeps little per partition.
                        console.print("Joined group \(groupID): \(assigned.count) partitions of \(topic) assigned")
                        joined = true
                    }
                    if first == nil, !read.isEmpty { first = .now }
                    messages += read.count
                    for message in read { bytes += message.value.count }
                }
                let seconds = first.map { (ContinuousClock.now - $0).seconds } ?? 0
                try consumer.close()
                return .success((messages, bytes, seconds))
            } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .failure(let error):
            console.printError("error: \(error)")
            throw ReportedFailure(exitCode: .userError)
        case .success(let result):
            let seconds = max(result.seconds, 1e-6)
            console.print(
                String(
                    format: "Consumed %d messages (%d bytes) from %@ in %.2fs: %.0f msgs/s, %.1f MB/s",
                    result.messages, result.bytes, topic, seconds, Double(result.messages) / seconds,
                    Double(result.bytes) / seconds / 1e6))
        }
    }
}
