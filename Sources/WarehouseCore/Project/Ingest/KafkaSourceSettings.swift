public import SQLTemplate

/// One entry of `ingest.kafka`: a topic (or topics) consumed into a bronze table.
public struct KafkaSourceSettings: Sendable, Hashable {
    /// How message values are read.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// Each value is a JSON document, stored as `jsonb`; typed columns can be extracted from it.
        case json
        /// Each value is UTF-8 text, stored as is.
        case text
    }

    /// A typed column extracted from each JSON message.
    public struct Column: Sendable, Hashable {
        /// The column's name in the bronze table.
        public var name: String
        /// A dotted path into the document: `event_id`, `customer.id`, `lines.0.sku`.
        public var path: String
        /// A Postgres type name such as `text`, `bigint`, `numeric(12,2)`, `timestamptz`.
        public var type: String
        /// `required:` as written; nil when left out (see ``isRequired``).
        public var required: Bool?

        /// A column `name` of `type` holding the value at `path`.
        public init(name: String, path: String, type: String, required: Bool? = nil) {
            self.name = name
            self.path = path
            self.type = type
            self.required = required
        }

        /// Whether an event posted to `wh serve` must hold a non-null value at ``path``: `required:` when given,
        /// else whether the path is top-level (`event_id` is required, `lines.0.quantity` is not, since an event
        /// may well have no lines).
        public var isRequired: Bool { required ?? (pathComponents.count == 1) }

        /// The path's parts: `lines.0.sku` -> `["lines", "0", "sku"]`.
        public var pathComponents: [String] { path.split(separator: ".").map(String.init) }
    }

    /// The default of `batch_size`.
    public static let defaultBatchSize = 5000
    /// The default of `linger_ms`.
    public static let defaultLingerMilliseconds = 100

    /// Unique among all ingest sources.
    public var name: String
    /// The bootstrap servers, possibly through `env_var()`; nil or empty means the embedded broker of `wh kafka up`.
    public var brokers: String?
    /// The topics consumed (`topics:`, or `topic:` for one).
    public var topics: [String]
    /// The consumer group; `wh_<name>` unless given.
    public var group: String
    /// How message values are read (`json` unless given).
    public var format: Format
    /// The bronze table the messages land in.
    public var table: IngestTable
    /// Typed columns extracted from JSON messages.
    public var columns: [Column]
    /// A dotted path into the event whose value keys the messages `wh serve` produces (`order_id`: an order's events
    /// share a partition, so they stay in order); nil sends them unkeyed.
    public var key: String?
    /// The most messages written in one transaction.
    public var batchSize: Int
    /// How long a batch waits for more messages before it is written, in milliseconds.
    public var lingerMs: Int
    /// librdkafka properties passed through as written (`security.protocol`, `sasl.mechanisms`, ...).
    public var properties: [String: String]
    /// Where the entry is written in the project file.
    public var location: SourceLocation

    /// A source with the defaults of the keys left out (`group` defaults to `wh_<name>`).
    public init(
        name: String, brokers: String? = nil, topics: [String], group: String? = nil, format: Format = .json,
        table: IngestTable, columns: [Column] = [], key: String? = nil,
        batchSize: Int = KafkaSourceSettings.defaultBatchSize,
        lingerMs: Int = KafkaSourceSettings.defaultLingerMilliseconds, properties: [String: String] = [:],
        location: SourceLocation
    ) {
        self.name = name
        self.brokers = brokers
        self.topics = topics
        self.group = group ?? "wh_\(name)"
        self.format = format
        self.table = table
        self.columns = columns
        self.key = key
        self.batchSize = batchSize
        self.lingerMs = lingerMs
        self.properties = properties
        self.location = location
    }

    /// Whether the embedded broker of `wh kafka up` is meant (no brokers given, or an empty string).
    public var usesEmbeddedBroker: Bool { brokers?.isEmpty ?? true }
}
