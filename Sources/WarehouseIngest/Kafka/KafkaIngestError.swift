public import PostgresClient

/// Why Kafka ingest cannot go on: the bronze table does not fit, or Postgres refused.
public enum KafkaIngestError: Error, Sendable, CustomStringConvertible {
    /// The existing bronze table lacks columns ingest writes.
    case tableMismatch(table: String, missing: [String])
    case postgres(PostgresError)

    public var description: String {
        switch self {
        case .tableMismatch(let table, let missing):
            "error: \(table) exists without the columns Kafka ingest writes: \(missing.joined(separator: ", "))\n"
                + "  help: rename or drop that table, or point the source's `table:` at a new one"
        case .postgres(let error): "error: \(error)"
        }
    }
}
