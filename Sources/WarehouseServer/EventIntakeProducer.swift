import Foundation
public import KafkaClient
public import Logging
import Synchronization
import WarehouseIngest

/// One source's idempotent producer, with a thread serving its delivery reports and an async wait for them.
///
/// A request's events are produced in order and the request waits until the broker has answered for every one of
/// them: acknowledged, or failed (at the latest after `message.timeout.ms`, the delivery timeout, when no broker can
/// be reached). Reports can arrive before the producing request has registered its ids (the poll thread is quick),
/// so a report for an unknown id is kept until its request asks for it.
final class EventIntakeProducer: Sendable {
    private let producer: KafkaProducer
    private let waiters: Mutex<Waiters>
    private let stopped = Atomic<Bool>(false)
    private let logger: Logger

    private struct Waiters {
        var byID: [UInt64: (batch: DeliveryBatch, position: Int)] = [:]
        var early: [UInt64: KafkaDeliveryReport] = [:]
    }

    /// A producer for `configuration`, whose messages fail after `deliveryTimeout` without an acknowledgement.
    init(configuration: KafkaConfiguration, deliveryTimeout: Duration, logger: Logger) throws(KafkaError) {
        let waiters = Mutex(Waiters())
        var configuration = configuration
        let (seconds, attoseconds) = deliveryTimeout.components
        configuration["message.timeout.ms"] = String(max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000))
        // A request waits for its acknowledgement, so lingering only adds latency; batches still form under load.
        if configuration["linger.ms"] == nil { configuration["linger.ms"] = "1" }
        self.waiters = waiters
        self.logger = logger
        producer = try KafkaProducer(configuration: configuration, logger: logger) { report in
            let batch: (DeliveryBatch, Int)? = waiters.withLock { waiters in
                guard let waiting = waiters.byID.removeValue(forKey: report.id) else {
                    waiters.early[report.id] = report
                    return nil
                }
                return (waiting.batch, waiting.position)
            }
            if let (batch, position) = batch { batch.record(report, at: position) }
        }
        let producer = producer
        let stopped = stopped
        Thread {
            while !stopped.load(ordering: .relaxed) { producer.poll(timeout: .milliseconds(100)) }
        }.start()
    }

    deinit {
        stopped.store(true, ordering: .relaxed)
    }

    /// Produces `events` to `topic` in order and returns the broker's report for each, in the same order.
    ///
    /// - Throws: ``KafkaError`` when librdkafka refuses to queue one (its queue is full, the producer failed fatally);
    ///   the events before it are queued and will be delivered.
    func produce(_ events: [KafkaEvent], to topic: String) async throws(KafkaError) -> [KafkaDeliveryReport] {
        let batch = DeliveryBatch(count: events.count)
        for (position, event) in events.enumerated() {
            // On a refusal the events before it are queued and will still be delivered; nobody waits for them.
            let id = try producer.produce(topic: topic, key: event.key, value: event.value, timeout: .zero)
            let early = waiters.withLock { waiters in
                guard let report = waiters.early.removeValue(forKey: id) else {
                    waiters.byID[id] = (batch, position)
                    return KafkaDeliveryReport?.none
                }
                return report
            }
            if let early { batch.record(early, at: position) }
        }
        return await batch.reports()
    }
}

/// The reports of one request's messages, and the task waiting for all of them.
private final class DeliveryBatch: Sendable {
    private struct State {
        var reports: [KafkaDeliveryReport?]
        var remaining: Int
        var waiter: CheckedContinuation<[KafkaDeliveryReport], Never>?
    }

    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(reports: Array(repeating: nil, count: count), remaining: count, waiter: nil))
    }

    func record(_ report: KafkaDeliveryReport, at position: Int) {
        let finished: (CheckedContinuation<[KafkaDeliveryReport], Never>, [KafkaDeliveryReport])? = state.withLock {
            state in
            state.reports[position] = report
            state.remaining -= 1
            guard state.remaining == 0, let waiter = state.waiter else { return nil }
            state.waiter = nil
            return (waiter, state.reports.compactMap { $0 })
        }
        if let (waiter, reports) = finished { waiter.resume(returning: reports) }
    }

    func reports() async -> [KafkaDeliveryReport] {
        await withCheckedContinuation { continuation in
            let done: [KafkaDeliveryReport]? = state.withLock { state in
                guard state.remaining > 0 else { return state.reports.compactMap { $0 } }
                state.waiter = continuation
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }
}
