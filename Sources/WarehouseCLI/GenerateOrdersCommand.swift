import ArgumentParser
import Foundation
import KafkaClient
import WarehouseIngest

/// `wh generate orders`: the example shop's order events, to a Kafka topic or a CSV file (same seed, same bytes).
struct GenerateOrdersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders",
        abstract: "Generate order events (JSON) to a Kafka topic, or their lines to a CSV file.",
        discussion: """
            Events carry event_id, order_id, customer_id, customer_email, country, lines (sku, name, quantity, \
            unit_price), status (placed, cancelled, returned) and occurred_at. Kafka messages are keyed by order_id; \
            without --brokers they go to the broker `wh kafka up` runs. Producing waits until the broker \
            acknowledged every event. The same seed and count give the same bytes.
            """)

    @Option(name: .customLong("to"), help: "kafka:TOPIC or csv:PATH.")
    var destination: String

    @Option(help: "How many events to send, malformed and re-sent ones included.")
    var count: Int

    @Option(help: "At most this many events per second (default: as fast as possible).")
    var rate: Double?

    @Option(help: "The random seed.")
    var seed: UInt64 = 1

    @Option(name: .customLong("bad-ratio"), help: "Share of malformed events (invalid JSON, or a word for a number).")
    var badRatio: Double = 0

    @Option(name: .customLong("duplicate-ratio"), help: "Share of events re-sent unchanged (same event_id).")
    var duplicateRatio: Double = 0

    @Option(help: "Kafka bootstrap servers (default: the embedded broker's recorded address).")
    var brokers: String?

    @Option(name: .customLong("project-dir"), help: "The project folder, where `wh kafka up` records its address.")
    var projectDirectory: String = "."

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must be zero or more, got \(count)") }
        if let rate, !(rate > 0 && rate <= 10_000_000) {
            throw ValidationError("--rate must be above 0 and at most 10000000 events/s, got \(rate)")
        }
        _ = try OrderDestination(destination)
    }

    func run() async throws {
        let console = Console.current
        let generator: OrderEventGenerator
        do {
            generator = try OrderEventGenerator(seed: seed, badRatio: badRatio, duplicateRatio: duplicateRatio)
        } catch {
            console.printError("error: \(error)")
            throw ReportedFailure(exitCode: .userError)
        }
        let pacer = Pacer(rate: rate)
        switch try OrderDestination(destination) {
        case .csv(let path):
            try await writeCSV(path: path, generator: generator, pacer: pacer)
        case .kafka(let topic):
            let address = try KafkaAddress.resolve(brokers: brokers, projectDirectory: projectDirectory)
            let logger = ConsoleLogHandler.kafkaLogger()
            let count = count
            let started = ContinuousClock.now
            let outcome: Result<OrderSendCounts, KafkaError> = try await KafkaThread.run {
                var generator = generator
                do throws(KafkaError) {
                    let producer = try KafkaProducer(
                        configuration: KafkaConfiguration(
                            bootstrapServers: address, properties: ["message.timeout.ms": "30000"]),
                        logger: logger)
                    var sent = OrderSendCounts()
                    for index in 0..<count {
                        let event = generator.next()
                        let payload = event.json
                        try producer.produce(
                            topic: topic, key: Array(event.orderID.utf8), value: payload,
                            headers: [KafkaHeader(name: "event_type", value: Array(event.status.rawValue.utf8))])
                        sent.count(event, bytes: payload.count)
                        pacer.wait(afterEvents: index + 1)
                    }
                    let delivered = try producer.flush(timeout: .seconds(60))
                    if let failure = delivered.firstFailure?.error { throw failure }
                    sent.acknowledged = delivered.acknowledged
                    return .success(sent)
                } catch {
                    return .failure(error)
                }
            }
            switch outcome {
            case .failure(let error):
                console.printError("error: cannot send order events to Kafka topic \(topic) at \(address): \(error)")
                throw ReportedFailure(exitCode: .userError)
            case .success(let sent):
                let seconds = (ContinuousClock.now - started).seconds
                console.print(
                    "Sent \(sent.sent) order events to Kafka topic \(topic) at \(address) in "
                        + "\(String(format: "%.2f", seconds))s (\(sent.rateText(seconds: seconds))): \(sent.bad) bad, "
                        + "\(sent.duplicates) duplicates; \(sent.acknowledged) acknowledged")
            }
        }
    }

    private func writeCSV(path: String, generator: OrderEventGenerator, pacer: Pacer) async throws {
        let console = Console.current
        let count = count
        let started = ContinuousClock.now
        let outcome: Result<OrderSendCounts, any Error> = try await KafkaThread.run {
            var generator = generator
            do {
                guard FileManager.default.createFile(atPath: path, contents: nil),
                    let file = FileHandle(forWritingAtPath: path)
                else {
                    throw CocoaError(.fileWriteNoPermission)
                }
                defer { try? file.close() }
                var buffer = Array((OrderEvent.csvHeader + "\n").utf8)
                var sent = OrderSendCounts()
                for index in 0..<count {
                    let event = generator.next()
                    let before = buffer.count
                    event.appendCSVRows(to: &buffer)
                    sent.count(event, bytes: buffer.count - before)
                    sent.rows += event.lines.count
                    if buffer.count >= 1 << 20 {
                        try file.write(contentsOf: buffer)
                        buffer.removeAll(keepingCapacity: true)
                    }
                    pacer.wait(afterEvents: index + 1)
                }
                try file.write(contentsOf: buffer)
                return .success(sent)
            } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .failure(let error):
            console.printError("error: cannot write \(path): \(error.localizedDescription)")
            throw ReportedFailure(exitCode: .userError)
        case .success(let sent):
            let seconds = (ContinuousClock.now - started).seconds
            console.print(
                "Wrote \(sent.sent) order events (\(sent.rows) lines) to \(path) in \(String(format: "%.2f", seconds))s: "
                    + "\(sent.bad) bad, \(sent.duplicates) duplicates")
        }
    }
}

/// Where `--to` sends the events.
enum OrderDestination: Equatable {
    case kafka(topic: String)
    case csv(path: String)

    init(_ text: String) throws {
        if text.hasPrefix("kafka:"), text.count > 6 {
            self = .kafka(topic: String(text.dropFirst(6)))
        } else if text.hasPrefix("csv:"), text.count > 4 {
            self = .csv(path: String(text.dropFirst(4)))
        } else {
            throw ValidationError("--to must be kafka:TOPIC or csv:PATH, got '\(text)'")
        }
    }
}

/// What was sent: events, malformed and re-sent ones among them, bytes, and acknowledgements.
struct OrderSendCounts: Sendable {
    var sent = 0
    var bad = 0
    var duplicates = 0
    var bytes = 0
    var rows = 0
    var acknowledged = 0

    mutating func count(_ event: OrderEvent, bytes size: Int) {
        sent += 1
        bytes += size
        if event.defect != .none { bad += 1 }
        if event.isDuplicate { duplicates += 1 }
    }

    func rateText(seconds: Double) -> String {
        guard seconds > 0 else { return "\(sent) events" }
        return String(format: "%.0f events/s, %.1f MB/s", Double(sent) / seconds, Double(bytes) / seconds / 1e6)
    }
}

/// Holds a loop to at most `rate` events per second, sleeping the thread it runs on (never the cooperative pool's).
struct Pacer: Sendable {
    let rate: Double?
    let started = ContinuousClock.now

    func wait(afterEvents events: Int) {
        guard let rate else { return }
        let due = started + .seconds(Double(events) / rate)
        let early = due - ContinuousClock.now
        if early > .milliseconds(1) { Thread.sleep(forTimeInterval: early.seconds) }
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
