import SQLTemplate

/// dbt's `model` / `node` context value: what macros such as `generate_schema_name(custom, node)` read.
///
/// Attributes are computed when a template asks for them: most renders never read `model`, and building its
/// config dictionary for every node cost more than rendering the node.
final class NodeDescriptionObject: TemplateObject {
    private let node: PendingNode

    init(_ node: PendingNode) {
        self.node = node
    }

    var renderedString: String { node.id.rawValue }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "name": .string(node.name)
        case "unique_id": .string(node.id.rawValue)
        case "resource_type": .string(node.resourceType.rawValue)
        case "package_name": .string(node.packageName)
        case "path", "original_file_path": .string(node.path)
        case "fqn": Value(.list(node.fqn.map(Literal.string)))
        case "config": .dict(node.config.asDictionary.sorted { $0.key < $1.key }.map { ($0.key, Value($0.value)) })
        case "tags": Value(.list(node.config.tags.map(Literal.string)))
        case "version": Value.none
        // A microbatch model's current batch; its bounds are bound per batch by the engine (``MicrobatchWindow``).
        case "batch":
            node.config.isMicrobatch
                ? .dict([
                    ("event_time_start", .string(MicrobatchWindow.startPlaceholder)),
                    ("event_time_end", .string(MicrobatchWindow.endPlaceholder)),
                ]) : Value.none
        case "raw_code", "raw_sql": .string(node.rawCode)
        case "get":
            .function(
                NativeFunction(name: "get") { [self] arguments throws(TemplateError) in
                    let key = try arguments.string(at: 0, named: "key")
                    return attribute(key) ?? arguments.value(at: 1, named: "default") ?? .none
                })
        default: nil
        }
    }
}
