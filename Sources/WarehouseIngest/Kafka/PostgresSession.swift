import Foundation
import KafkaClient
import Logging
import PostgresClient
import WarehouseCore

/// The ingest thread's Postgres connection, reopened with growing pauses whenever the server goes away.
///
/// `@unchecked Sendable` because the consumer's rebalance handler (which must be `@Sendable`) reads stored offsets
/// through it; that handler runs inside the consumer's poll, on the ingest thread that owns the connection, so the
/// connection is still used by one thread only.
final class PostgresSession: @unchecked Sendable {
    private let configuration: ConnectionConfiguration
    private let source: KafkaSourceSettings
    private let logger: Logger
    private var connection: Connection?

    init(configuration: ConnectionConfiguration, source: KafkaSourceSettings, logger: Logger) {
        self.configuration = configuration
        self.source = source
        self.logger = logger
    }

    /// Runs `body` with a writer on an open connection, reconnecting and running it again while the server is
    /// unreachable (pauses of 0.2 s doubling to 5 s), until it succeeds or `shouldStop` turns true.
    func withWriter<T>(shouldStop: () -> Bool, _ body: (KafkaBatchWriter) throws -> T) throws -> T {
        var pause = 0.2
        while true {
            do {
                let open =
                    try connection.flatMap { $0.isOpen ? $0 : nil } ?? Connection.connect(configuration, logger: logger)
                connection = open
                return try body(KafkaBatchWriter(connection: open, source: source))
            } catch let error as PostgresError where error.kind == .connection || isConnectionFailure(error) {
                connection = nil
                guard !shouldStop() else { throw KafkaIngestError.postgres(error) }
                logger.warning("Postgres: \(error.message); retrying in \(pause) s (the batch is kept)")
                Thread.sleep(forTimeInterval: pause)
                pause = min(pause * 2, 5)
            } catch let error as PostgresError {
                throw KafkaIngestError.postgres(error)
            }
        }
    }

    /// Writes a batch, retrying while Postgres is away.
    func write(_ batch: [KafkaMessage], shouldStop: () -> Bool) throws -> KafkaBatchWriter.Outcome {
        try withWriter(shouldStop: shouldStop) { writer in try writer.write(batch) }
    }

    /// The stored next offsets of `partitions`; partitions never loaded start at the beginning.
    ///
    /// Postgres being away here must not lose anything either: the partitions then start at the beginning, and
    /// the writer drops what was already loaded.
    func storedOffsets(_ partitions: [KafkaTopicPartition]) -> [KafkaTopicPartition: Int64] {
        var offsets = Dictionary(uniqueKeysWithValues: partitions.map { ($0, KafkaConsumer.offsetBeginning) })
        do {
            let stored = try withWriter(shouldStop: { true }) { writer in try writer.storedOffsets(partitions) }
            offsets.merge(stored) { _, stored in stored }
        } catch {
            logger.warning("Postgres: could not read the stored offsets (\(error)); reading from the beginning")
        }
        return offsets
    }

    /// Errors that mean the connection broke mid-statement (server shut down, admin terminated the session).
    private func isConnectionFailure(_ error: PostgresError) -> Bool {
        guard let sqlstate = error.sqlstate else { return false }
        return sqlstate.hasPrefix("08") || sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03"
    }
}
