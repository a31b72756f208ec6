public import KafkaClient
public import Logging
public import PostgresClient
import Synchronization
public import WarehouseCore

/// Reads a Kafka source into its bronze table, exactly once, batch after batch.
///
/// Each batch is written in one Postgres transaction with the next offset of every partition in it
/// (``KafkaBatchWriter``); when the group assigns partitions, they start at the offsets stored in Postgres, and
/// Kafka's own commit only reports progress for lag monitoring. A rebalance happens inside the consumer's poll,
/// between batches, and a poll never returns messages of a partition revoked during it, so no batch spans a
/// rebalance. When Postgres goes away, the same batch is written again, with growing pauses, until it can be:
/// nothing is skipped. `run` blocks; call it from a thread you own.
public final class KafkaIngestor: Sendable {
    let source: KafkaSourceSettings
    /// The brokers (the source's, or the embedded broker's) and the source's librdkafka properties.
    let kafka: KafkaConfiguration
    let postgres: ConnectionConfiguration
    let logger: Logger

    public init(
        source: KafkaSourceSettings, kafka: KafkaConfiguration, postgres: ConnectionConfiguration, logger: Logger
    ) {
        self.source = source
        self.kafka = kafka
        self.postgres = postgres
        self.logger = logger
    }

    /// Creates the bronze, rejects and offset tables of `sources` where missing, so models can read a Kafka source
    /// before anything was ingested (`wh run` and `wh build` call this); blocks.
    ///
    /// - Throws: ``KafkaIngestError`` for a bronze table without ingest's columns, or Postgres's error.
    public static func createTables(for sources: [KafkaSourceSettings], on connection: Connection) throws {
        for source in sources { try KafkaBatchWriter(connection: connection, source: source).prepare() }
    }

    /// Ingests until `mode` says stop, `maxMessages` are stored, or `shouldStop` turns true (checked between
    /// batches, so the batch in hand is finished first).
    ///
    /// - Parameter progress: called after every batch with the totals so far.
    /// - Throws: ``KafkaIngestError`` for a bronze table that does not fit, a Kafka error that waiting cannot
    ///   mend (an unknown topic, refused credentials), or Postgres unreachable when `shouldStop` turned true.
    public func run(
        mode: KafkaIngestMode, maxMessages: Int? = nil, shouldStop: @escaping @Sendable () -> Bool,
        progress: (KafkaIngestTotals) -> Void = { _ in }
    ) throws -> KafkaIngestTotals {
        let session = PostgresSession(configuration: postgres, source: source, logger: logger)
        try session.withWriter(shouldStop: shouldStop) { writer in try writer.prepare() }
        let positions = Mutex<[KafkaTopicPartition: Int64]>([:])
        let everAssigned = Mutex<Set<KafkaTopicPartition>>([])
        let consumer = try KafkaConsumer(
            configuration: kafka, groupID: source.group, logger: logger,
            rebalance: KafkaRebalanceHandler(
                revoked: { partitions in
                    positions.withLock { positions in for partition in partitions { positions[partition] = nil } }
                },
                assigned: { partitions in
                    let stored = session.storedOffsets(partitions)
                    positions.withLock { $0.merge(stored) { _, new in new } }
                    everAssigned.withLock { $0.formUnion(partitions) }
                    return stored
                }))
        try consumer.subscribe(to: source.topics)
        var totals = KafkaIngestTotals()
        var idleSince: ContinuousClock.Instant?
        while !shouldStop() {
            let wanted = maxMessages.map { min(source.batchSize, $0 - totals.stored) } ?? source.batchSize
            guard wanted > 0 else { break }
            guard let batch = try poll(consumer, maxMessages: wanted) else { continue }
            if !batch.isEmpty {
                let outcome = try session.write(batch, shouldStop: shouldStop)
                positions.withLock { $0.merge(outcome.nextOffsets) { _, new in new } }
                totals.loaded += outcome.loaded
                totals.rejected += outcome.rejected
                totals.alreadyLoaded += outcome.alreadyLoaded
                totals.batches += 1
                progress(totals)
                reportProgress(outcome.nextOffsets, to: consumer)
            }
            guard mode == .untilCaughtUp, batch.count < wanted else { continue }
            let assigned = positions.withLock { $0 }
            if assigned.isEmpty {
                // The group has not assigned partitions yet (joining takes seconds), or gave them all to others.
                let since = idleSince ?? ContinuousClock.now
                idleSince = since
                if ContinuousClock.now - since > .seconds(60) {
                    logger.warning("no partition of \(source.topics.joined(separator: ", ")) was assigned in 60 s")
                    break
                }
                continue
            }
            idleSince = nil
            if try caughtUp(assigned, consumer: consumer) { break }
        }
        try consumer.close()
        totals.partitions = everAssigned.withLock { $0 }
        return totals
    }

    /// The next batch; `nil` when the brokers did not answer in time (the consumer keeps trying, so does the caller).
    private func poll(_ consumer: KafkaConsumer, maxMessages: Int) throws(KafkaError) -> [KafkaMessage]? {
        do {
            return try consumer.poll(maxMessages: maxMessages, linger: .milliseconds(source.lingerMs))
        } catch {
            guard error.kind == .brokersUnreachable || error.kind == .timedOut else { throw error }
            logger.warning("Kafka: \(error); trying again")
            return nil
        }
    }

    /// Whether every partition's next offset to load is at the partition's end.
    private func caughtUp(_ positions: [KafkaTopicPartition: Int64], consumer: KafkaConsumer) throws -> Bool {
        for (partition, next) in positions {
            let (_, high) = try consumer.watermarks(topic: partition.topic, partition: partition.partition)
            // A position below zero is "from the beginning": nothing of the partition is loaded yet.
            if next < 0 ? high > 0 : next < high { return false }
            if next > high {
                logger.warning(
                    "the stored offset \(next) of \(partition) is past its end (\(high)): was the topic recreated? Its messages below \(next) are taken for loaded; delete the partition's row in wh_meta.kafka_offsets to load them"
                )
            }
        }
        return true
    }

    /// Tells the group how far ingest got, for lag monitoring only; a failure changes nothing stored.
    private func reportProgress(_ offsets: [KafkaTopicPartition: Int64], to consumer: KafkaConsumer) {
        do {
            try consumer.commit(offsets)
        } catch {
            logger.debug("Kafka: could not commit offsets for lag monitoring: \(error)")
        }
    }
}
