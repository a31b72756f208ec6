import Synchronization

/// Counts a producer's delivery reports and passes each to the caller's handler.
final class KafkaDeliveryTracker: Sendable {
    private let counts = Mutex(KafkaDeliveryCounts(produced: 0, acknowledged: 0, failed: 0, firstFailure: nil))
    /// The last id handed out; never taken back, so messages produced from several threads keep distinct ids.
    private let lastID = Atomic<UInt64>(0)
    private let handler: (@Sendable (KafkaDeliveryReport) -> Void)?

    init(handler: (@Sendable (KafkaDeliveryReport) -> Void)?) {
        self.handler = handler
    }

    /// Counts a message handed to librdkafka and returns its id (from 1).
    func produced() -> UInt64 {
        counts.withLock { $0.produced += 1 }
        return lastID.wrappingAdd(1, ordering: .relaxed).newValue
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
