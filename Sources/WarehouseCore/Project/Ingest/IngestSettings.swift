/// The `ingest:` block of the project file: where raw data comes from and which bronze table it lands in.
///
/// Read without a database. String values that depend on the deployment (`brokers`, `topics`, `group`,
/// `path`, `properties`) are kept as written and may hold `{{ env_var('X', 'default') }}`;
/// ``rendered(environment:projectFileText:)`` evaluates them. Names, tables and types are checked when read.
public struct IngestSettings: Sendable, Hashable {
    /// `ingest.kafka`: Kafka topics consumed into bronze tables.
    public var kafka: [KafkaSourceSettings]
    /// `ingest.csv`: CSV files loaded into bronze tables.
    public var csv: [CSVSourceSettings]

    /// Settings with these sources; none by default.
    public init(kafka: [KafkaSourceSettings] = [], csv: [CSVSourceSettings] = []) {
        self.kafka = kafka
        self.csv = csv
    }

    /// Whether the block configures no source.
    public var isEmpty: Bool { kafka.isEmpty && csv.isEmpty }

    /// The CSV source called `name`.
    public func csvSource(named name: String) -> CSVSourceSettings? {
        csv.first { $0.name == name }
    }

    /// The Kafka source called `name`.
    public func kafkaSource(named name: String) -> KafkaSourceSettings? {
        kafka.first { $0.name == name }
    }

    /// The names of all sources, Kafka and CSV, for "did you mean" suggestions.
    public var sourceNames: [String] { kafka.map(\.name) + csv.map(\.name) }
}

/// A schema-qualified table that ingest writes to, such as `bronze.order_events`.
public struct IngestTable: Sendable, Hashable, CustomStringConvertible {
    /// The schema, such as `bronze`.
    public var schema: String
    /// The table's name in the schema.
    public var name: String

    /// A table in `schema` called `name`.
    public init(schema: String, name: String) {
        self.schema = schema
        self.name = name
    }

    /// Parses `schema.table`; nil unless both parts are present and are plain identifiers.
    public init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, parts.allSatisfy(IngestTable.isIdentifier) else { return nil }
        self.init(schema: parts[0], name: parts[1])
    }

    /// `schema.name`, unquoted, as the user writes it.
    public var description: String { "\(schema).\(name)" }

    /// Letters, digits and underscores, not starting with a digit: names that need no quoting to be read back.
    public static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }
}
