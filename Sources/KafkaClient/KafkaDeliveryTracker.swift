import Synchronization

/// Counts a producer's delivery reports and passes each to the caller's handler.
final class KafkaDeliveryTracker: Sendable {
    private let counts = Mutex(KafkaDeliveryCounts(produced: 0, acknowledged: 0, failed: 0, firstFailure: nil))
    private let handler: (@Sendable (KafkaDeliveryReport) -> Void)?

    init(handler: (@Sendable (KafkaDeliveryReport) -> Void)?) {
        self.handler = handler
    }

    /// Counts a message handed to librdkafka and returns its id (from 1).
    func produced() -> UInt64 {
        counts.withLock { counts in
            counts.produced += 1
            return UInt64(counts.produced)
        }
    }

    /// Takes back a message librdkafka refused to queue.
    func unproduced() {
        counts.withLock { $0.produced -= 1 }
    }

    func record(_ report: KafkaDeliveryReport) {
        counts.withLock { counts in
            if report.error == nil {
                counts.acknowledged += 1
            } else {
                counts.failed += 1
                if counts.firstFailure == nil { counts.firstFailure = report }
            }
        }
        handler?(report)
    }

    var current: KafkaDeliveryCounts { counts.withLock { $0 } }
}
