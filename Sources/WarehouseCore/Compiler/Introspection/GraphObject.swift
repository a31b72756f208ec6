import SQLTemplate

/// dbt's `graph` context value: `graph.nodes` (models, seeds, tests by unique id) and `graph.sources`, each a dict
/// shaped like the manifest's node (`name`, `resource_type`, `config`, `depends_on`, `schema`, `alias`, ...).
///
/// Built when a template first reads it: most renders never do, and a large project has tens of thousands of nodes.
final class GraphObject: TemplateObject {
    private let nodes: [PendingNode]
    private lazy var parts: (nodes: Value, sources: Value) = build()

    init(_ nodes: [PendingNode]) {
        self.nodes = nodes
    }

    var renderedString: String { "{'nodes': ..., 'sources': ...}" }

    var isMapping: Bool { true }

    var iterationValues: [Value]? {
        ["nodes", "sources", "exposures", "metrics", "groups", "semantic_models", "saved_queries", "unit_tests"]
            .map(Value.string)
    }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "nodes": parts.nodes
        case "sources": parts.sources
        case "exposures", "metrics", "groups", "semantic_models", "saved_queries", "unit_tests": .dict([])
        case "get":
            .function(
                NativeFunction(name: name) { [self] arguments in
                    let key = arguments.value(at: 0, named: "key")?.stringValue ?? ""
                    return attribute(key) ?? arguments.value(at: 1, named: "default") ?? .none
                })
        case "keys", "values", "items":
            .function(
                NativeFunction(name: name) { [self] _ in
                    let keys = iterationValues ?? []
                    let values = keys.map { attribute($0.renderedString) ?? .none }
                    switch name {
                    case "keys": return .list(keys)
                    case "values": return .list(values)
                    default: return .list(zip(keys, values).map { .list(ListStorage([$0, $1], isTuple: true)) })
                    }
                })
        default: nil
        }
    }

    private func build() -> (nodes: Value, sources: Value) {
        var nodeEntries: [(String, Value)] = []
        var sourceEntries: [(String, Value)] = []
        for node in nodes {
            let entry = Self.entry(for: node)
            if node.resourceType == .source {
                sourceEntries.append((node.id.rawValue, entry))
            } else {
                nodeEntries.append((node.id.rawValue, entry))
            }
        }
        return (.dict(nodeEntries), .dict(sourceEntries))
    }

    private static func entry(for node: PendingNode) -> Value {
        var pairs: [(String, Value)] = [
            ("unique_id", .string(node.id.rawValue)),
            ("name", .string(node.resourceType == .source ? sourceParts(node).table : node.name)),
            ("resource_type", .string(node.resourceType.rawValue)),
            ("package_name", .string(node.packageName)),
            ("path", .string(node.path)), ("original_file_path", .string(node.path)),
            ("fqn", Value(.list(node.fqn.map(Literal.string)))),
            ("config", .dict(node.config.asDictionary.sorted { $0.key < $1.key }.map { ($0.key, Value($0.value)) })),
            ("tags", Value(.list(node.config.tags.map(Literal.string)))),
            ("description", .string(node.description)),
            ("database", node.relation?.database.map(Value.string) ?? .none),
            ("schema", node.relation.map { .string($0.schema) } ?? .none),
            ("raw_code", .string(node.rawCode)),
            (
                "columns",
                .dict(
                    node.columns.map { column in
                        (
                            column.name,
                            .dict([
                                ("name", .string(column.name)), ("description", .string(column.description)),
                                ("data_type", column.dataType.map(Value.string) ?? .none),
                            ])
                        )
                    })
            ),
            (
                "depends_on",
                .dict([("nodes", .list(node.staticParents.map { .string($0.rawValue) })), ("macros", .list([]))])
            ),
        ]
        if node.resourceType == .source {
            let parts = sourceParts(node)
            pairs.append(("source_name", .string(parts.source)))
            pairs.append(("identifier", node.relation.map { .string($0.identifier) } ?? .none))
        } else {
            pairs.append(("alias", node.relation.map { .string($0.identifier) } ?? .string(node.name)))
        }
        if let metadata = node.testMetadata {
            pairs.append(
                (
                    "test_metadata",
                    .dict([
                        ("name", .string(metadata.name)),
                        ("namespace", metadata.namespace.map(Value.string) ?? .none),
                        (
                            "kwargs",
                            Value(
                                .dict(
                                    metadata.kwargs.sorted { $0.key < $1.key }.map {
                                        Literal.KeyValue(key: $0.key, value: $0.value)
                                    }))
                        ),
                    ])
                ))
            pairs.append(("column_name", metadata.columnName.map(Value.string) ?? .none))
        }
        return .dict(pairs)
    }

    /// A source node's name is `source.table`.
    private static func sourceParts(_ node: PendingNode) -> (source: String, table: String) {
        guard let dot = node.name.firstIndex(of: ".") else { return ("", node.name) }
        return (String(node.name[..<dot]), String(node.name[node.name.index(after: dot)...]))
    }
}
