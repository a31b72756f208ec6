import Foundation
import KafkaClient
import Logging
import Synchronization
import Testing

/// A log handler keeping every line, to show librdkafka's logs arrive in swift-log.
final class CapturedLog: Sendable {
    let lines = Mutex<[String]>([])

    var logger: Logger {
        Logger(label: "wh.kafka.test") { _ in CapturingHandler(log: self) }
    }

    struct CapturingHandler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            log.lines.withLock { $0.append("\(event.level): \(event.message)") }
        }
    }
}

/// Settings that make the mock cluster's group protocol quick: a short session, a quick first rebalance.
func consumerConfiguration(_ cluster: KafkaMockCluster) -> KafkaConfiguration {
    KafkaConfiguration(
        bootstrapServers: cluster.bootstrapServers,
        properties: [
            "session.timeout.ms": "6000", "heartbeat.interval.ms": "500", "topic.metadata.refresh.interval.ms": "1000",
        ])
}

let quietLogger = Logger(label: "wh.kafka.test") { _ in SwiftLogNoOpLogHandler() }

/// Polls `consumer` until it has read `count` messages or `timeout` passed; on its own thread.
func consume(_ consumer: KafkaConsumer, count: Int, timeout: Duration = .seconds(30)) async throws -> [KafkaMessage] {
    try await KafkaThread.run {
        let deadline = ContinuousClock.now + timeout
        var messages: [KafkaMessage] = []
        while messages.count < count, ContinuousClock.now < deadline {
            messages += try consumer.poll(maxMessages: 1000, linger: .milliseconds(200))
        }
        return messages
    }
}

/// Polls `consumer` (returning nothing it reads) until `condition` holds or `timeout` passed.
func poll(
    _ consumer: KafkaConsumer, until condition: @escaping @Sendable () throws -> Bool,
    timeout: Duration = .seconds(30)
) async throws -> [KafkaMessage] {
    try await KafkaThread.run {
        let deadline = ContinuousClock.now + timeout
        var messages: [KafkaMessage] = []
        while try !condition(), ContinuousClock.now < deadline {
            messages += try consumer.poll(maxMessages: 1000, linger: .milliseconds(100))
        }
        return messages
    }
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
func text(_ bytes: [UInt8]?) -> String? { bytes.map { String(decoding: $0, as: UTF8.self) } }
