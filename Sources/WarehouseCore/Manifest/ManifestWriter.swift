import Foundation
import SQLTemplate

/// Writes the manifest's entries (a node, a source, a parent or child list) straight into JSON bytes, members in
/// sorted key order, so no tree of dictionaries is built for 20,000 nodes.
///
/// One writer per thread.
struct ManifestWriter: ~Copyable {
    let project: CompiledProject
    var output: JSONOutput

    init(project: CompiledProject, capacity: Int) {
        self.project = project
        self.output = JSONOutput(capacity: capacity)
    }

    /// The text written.
    consuming func finish() -> Data { output.data() }

    /// `"<unique_id>":{...}`, a member of `nodes` or `sources`.
    mutating func node(_ node: CompiledNode) {
        output.string(node.id.rawValue)
        output.raw(":{")
        // Members in the sorted order of their keys; the two optional keys before `checksum` end with the comma.
        if let relation = node.relation {
            output.raw(#""alias":"#)
            output.string(relation.identifier)
            output.byte(UInt8(ascii: ","))
        }
        if let metadata = node.testMetadata {
            output.raw(#""attached_node":"#)
            output.string(metadata.attachedNode.rawValue)
            output.byte(UInt8(ascii: ","))
        }
        output.raw(#""checksum":{"checksum":"#)
        output.string(node.checksum)
        output.raw(#","name":"sha256"}"#)
        if let metadata = node.testMetadata {
            output.raw(#","column_name":"#)
            output.string(metadata.columnName)
        }
        output.raw(#","columns":"#)
        output.object(node.columns, key: \.name, duplicates: .firstWins) { output, column in
            output.raw(#"{"data_type":"#)
            output.string(column.dataType)
            output.raw(#","description":"#)
            output.string(column.description)
            output.raw(#","name":"#)
            output.string(column.name)
            output.byte(UInt8(ascii: "}"))
        }
        let hasCode = [.model, .test, .snapshot].contains(node.resourceType)
        if hasCode {
            output.raw(#","compiled_code":"#)
            output.string(node.compiledCode)
            output.raw(#","compiled_path":"#)
            output.string(project.compiledPath(of: node))
        }
        output.raw(#","config":"#)
        config(node.config.sortedEntries)
        if let relation = node.relation {
            output.raw(#","database":"#)
            output.string(relation.database)
        }
        output.raw(#","depends_on":{"nodes":"#)
        output.strings(node.dependsOn.lazy.map(\.rawValue))
        output.raw(#"},"description":"#)
        output.string(node.description)
        output.raw(#","fqn":"#)
        output.strings(node.fqn)
        output.raw(#","name":"#)
        output.string(node.name)
        output.raw(#","original_file_path":"#)
        output.string(node.path)
        output.raw(#","package_name":"#)
        output.string(node.packageName)
        if hasCode {
            output.raw(#","raw_code":"#)
            output.string(node.rawCode)
        }
        if let relation = node.relation {
            output.raw(#","relation_name":"#)
            output.string(relation.description)
        }
        output.raw(#","resource_type":"#)
        output.string(node.resourceType.rawValue)
        if let relation = node.relation {
            output.raw(#","schema":"#)
            output.string(relation.schema)
        }
        output.raw(#","tags":"#)
        output.strings(node.config.tags)
        if let metadata = node.testMetadata {
            output.raw(#","test_metadata":{"kwargs":"#)
            output.object(Array(metadata.kwargs), key: \.key, duplicates: .firstWins) { $0.literal($1.value) }
            output.raw(#","name":"#)
            output.string(metadata.name)
            output.raw(#","namespace":"#)
            output.string(metadata.namespace)
            output.byte(UInt8(ascii: "}"))
        }
        output.raw(#","unique_id":"#)
        output.string(node.id.rawValue)
        output.byte(UInt8(ascii: "}"))
    }

    /// `"<unique_id>":[...]`, a member of `parent_map` or `child_map`: the neighbours, sorted.
    mutating func edges(of id: NodeID, _ neighbours: Set<NodeID>) {
        output.string(id.rawValue)
        output.byte(UInt8(ascii: ":"))
        if neighbours.count <= 1 {
            output.strings(neighbours.lazy.map(\.rawValue))
        } else {
            output.strings(neighbours.map(\.rawValue).sorted())
        }
    }

    private mutating func config(_ entries: [(key: String, value: Literal)]) {
        output.byte(UInt8(ascii: "{"))
        for (index, entry) in entries.enumerated() {
            if index > 0 { output.byte(UInt8(ascii: ",")) }
            output.string(entry.key)
            output.byte(UInt8(ascii: ":"))
            output.literal(entry.value)
        }
        output.byte(UInt8(ascii: "}"))
    }
}
