/// Where and how one Kafka source lands: the bronze table, the payload format and the typed columns.
public struct KafkaIngestTarget: Sendable, Hashable {
    /// A column filled from a path into the JSON payload (`lines.0.sku`), with the Postgres type it must fit.
    public struct Column: Sendable, Hashable {
        public var name: String
        /// Dotted keys and list indexes.
        public var path: [String]
        public var type: String

        public init(name: String, path: String, type: String) {
            self.name = name
            self.path = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            self.type = type
        }
    }

    /// How the payload is kept: `json` validates it and stores `jsonb`; `text` stores it as text.
    public enum Format: String, Sendable, Hashable {
        case json
        case text
    }

    /// The source's name in project.yml; offsets are stored under it.
    public var source: String
    public var schema: String
    public var table: String
    public var format: Format
    public var columns: [Column]

    public init(source: String, schema: String, table: String, format: Format = .json, columns: [Column] = []) {
        self.source = source
        self.schema = schema
        self.table = table
        self.format = format
        self.columns = columns
    }
}
