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
    private let routing = DeliveryRouting()

    /// A producer for `configuration`, whose messages fail after `deliveryTimeout` without an acknowledgement.
    init(configuration: KafkaConfiguration, deliveryTimeout: Duration, logger: Logger) throws(KafkaError) {
        var configuration = configuration
        let (seconds, attoseconds) = deliveryTimeout.components
        configuration["message.timeout.ms"] = String(max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000))
        // A request waits for its acknowledgement, so lingering only adds latency; batches still form under load.
        if configuration["linger.ms"] == nil { configuration["linger.ms"] = "1" }
        let routing = routing
        producer = try KafkaProducer(configuration: configuration, logger: logger) { routing.deliver($0) }
        let producer = producer
        Thread {
            while !routing.isStopped { producer.poll(timeout: .milliseconds(100)) }
        }.start()
    }

    deinit {
        routing.stop()
    }

    /// Produces `events` to `topic` in order and returns the broker's report for each, in the same order.
    ///
    /// - Throws: ``KafkaError`` when librdkafka refuses to queue one (its queue is full, the producer failed fatally).
    func produce(_ events: [KafkaEvent], to topic: String) async throws(KafkaError) -> [KafkaDeliveryReport] {
        let batch = DeliveryBatch(count: events.count)
        for (position, event) in events.enumerated() {
            // On a refusal the events before it are queued and will still be delivered; nobody waits for them.
            let id = try producer.produce(topic: topic, key: event.key, value: event.value, timeout: .zero)
            if let early = routing.register(id, batch: batch, position: position) { batch.record(early, at: position) }
        }
        return await batch.reports()
    }
}

/// Delivery reports to the batches waiting for them, by message id; and whether the poll thread should stop.
private final class DeliveryRouting: Sendable {
    private struct Waiters {
        var byID: [UInt64: (batch: DeliveryBatch, position: Int)] = [:]
        /// Reports that came before their request registered the message.
        var early: [UInt64: KafkaDeliveryReport] = [:]
    }

    private let waiters = Mutex(Waiters())
    private let stopped = Atomic<Bool>(false)

    var isStopped: Bool { stopped.load(ordering: .relaxed) }

    func stop() { stopped.store(true, ordering: .relaxed) }

    /// Passes `report` to its batch, or keeps it until the batch registers.
    func deliver(_ report: KafkaDeliveryReport) {
        let waiting = waiters.withLock { waiters in
            guard let waiting = waiters.byID.removeValue(forKey: report.id) else {
                waiters.early[report.id] = report
                return (batch: DeliveryBatch?.none, position: 0)
            }
            return (batch: Optional(waiting.batch), position: waiting.position)
        }
        waiting.batch?.record(report, at: waiting.position)
    }

    /// Registers message `id` as `batch`'s `position`; returns its report when it came already.
    func register(_ id: UInt64, batch: DeliveryBatch, position: Int) -> KafkaDeliveryReport? {
        waiters.withLock { waiters in
            guard let report = waiters.early.removeValue(forKey: id) else {
                waiters.byID[id] = (batch, position)
                return nil
            }
            return report
        }
    }
}

/// The reports of one request's messages, and the task waiting for all of them.
final class DeliveryBatch: Sendable {
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
