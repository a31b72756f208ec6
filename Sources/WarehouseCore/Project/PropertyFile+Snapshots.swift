import SQLTemplate
import Yams

/// A property file's `snapshots:` entry: properties of a `{% snapshot %}` block, or (dbt 1.9) a whole snapshot
/// whose `relation:` names what it copies.
struct SnapshotEntry: Sendable {
    var properties: NodeProperties
    /// `relation:` as written (`ref('customers')`, `source('shop', 'customers')`) and where its value starts.
    var relation: (expression: String, location: SourceLocation)?
}

extension YAMLReader {
    mutating func snapshotEntry(_ node: Node) -> SnapshotEntry? {
        guard let properties = nodeProperties(node, "snapshot") else { return nil }
        var entry = SnapshotEntry(properties: properties)
        let relation = mapping(node, "a `snapshots` entry")?.first { $0.key == "relation" }
        if let relation, let expression = string(relation.value, "`relation`") {
            entry.relation = (expression, location(of: relation.value))
        }
        return entry
    }
}
