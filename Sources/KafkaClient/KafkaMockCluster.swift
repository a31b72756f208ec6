internal import CRdKafka
public import Logging
import Synchronization

/// librdkafka's mock Kafka cluster (`rdkafka_mock.h`), for tests and development.
///
/// Brokers speaking the real Kafka protocol on loopback, inside this process. Any Kafka client (librdkafka, kcat, confluent-kafka) can use it.
///
/// Limits of librdkafka 2.0.2's mock (measured, see FACTS.md):
/// - everything is in memory, and each partition keeps only about 5 MiB or 100,000 message sets: older messages
///   are dropped silently and a consumer that falls behind gets "offset out of range", so a large load must be
///   consumed while it is produced;
/// - it listens on random loopback ports (``bootstrapServers`` says which), gone when the cluster stops;
/// - joining a consumer group takes about 3 s, and a member joining after another left waits for
///   `session.timeout.ms`: give consumers a few seconds' session timeout;
/// - transactions appear to work but `read_committed` consumers still see aborted messages;
/// - no authentication (PLAINTEXT only), no retention settings, no persistence.
///
/// Thread-safe: librdkafka's mock API hands every call to the cluster's own thread.
public final class KafkaMockCluster: Sendable {
    /// The brokers' addresses, `127.0.0.1:port[,...]`, for `bootstrap.servers`.
    public let bootstrapServers: String
    /// How many brokers the cluster runs.
    public let brokerCount: Int
    /// The handle the cluster belongs to; destroyed after the cluster.
    private let handle: KafkaHandle
    /// The cluster, nil once stopped.
    private let cluster: Mutex<OpaquePointer?>

    /// Starts `brokers` brokers on loopback.
    ///
    /// - Throws: ``KafkaError`` when librdkafka cannot create the cluster (e.g. no free port).
    public init(brokers: Int = 1, logger: Logger) throws(KafkaError) {
        guard brokers >= 1 else {
            throw KafkaError(
                kind: .invalidConfiguration, detail: "broker count \(brokers)", operation: "start the mock cluster")
        }
        // rd_kafka_mock_cluster_new needs an rd_kafka_t of its own; a producer that never produces. Its
        // bootstrap.servers points at nothing real, so it stays idle.
        let handle = try KafkaHandle(
            type: RD_KAFKA_PRODUCER,
            configuration: KafkaConfiguration(bootstrapServers: "", properties: ["log.connection.close": "false"]),
            context: KafkaHandleContext(logger: logger), operation: "start the mock cluster")
        guard let cluster = rd_kafka_mock_cluster_new(handle.pointer, Int32(clamping: brokers)) else {
            throw KafkaError(
                kind: .other, detail: "rd_kafka_mock_cluster_new returned NULL", operation: "start the mock cluster")
        }
        self.bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
        self.handle = handle
        self.cluster = Mutex(cluster)
        self.brokerCount = brokers
    }

    deinit {
        stop()
    }

    /// Creates `topic` with `partitions` partitions, each on `replicationFactor` brokers (at most ``brokerCount``).
    ///
    /// Creating a topic that exists does nothing.
    public func createTopic(_ topic: String, partitions: Int, replicationFactor: Int = 1) throws(KafkaError) {
        let operation = "create topic \(topic) on the mock cluster"
        guard partitions >= 1, replicationFactor >= 1, replicationFactor <= brokerCount else {
            throw KafkaError(
                kind: .invalidConfiguration,
                detail: "\(partitions) partitions, replication factor \(replicationFactor), \(brokerCount) brokers",
                operation: operation)
        }
        let result: rd_kafka_resp_err_t? = cluster.withLock { cluster in
            guard let cluster else { return nil }
            return rd_kafka_mock_topic_create(
                cluster, topic, Int32(clamping: partitions), Int32(clamping: replicationFactor))
        }
        guard let result else {
            throw KafkaError(kind: .brokersUnreachable, detail: "the mock cluster is stopped", operation: operation)
        }
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR || result == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS else {
            throw KafkaError(code: result, operation: operation)
        }
    }

    /// Stops the brokers; clients connected to them see them go down.
    ///
    /// Later calls do nothing.
    public func stop() {
        cluster.withLock { cluster in
            if let running = cluster { rd_kafka_mock_cluster_destroy(running) }
            cluster = nil
        }
    }
}
