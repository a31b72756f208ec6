public import Foundation
import SQLTemplate

/// `target/manifest.json`: the compiled project as JSON a script can read, shaped like dbt's manifest (nodes,
/// sources, macros, docs, parent and child maps) with keys sorted so the file is stable between runs.
public enum Manifest {
    public static func json(of project: CompiledProject, generatedAt: Date = Date()) throws -> Data {
        var nodes: [String: Any] = [:]
        var sources: [String: Any] = [:]
        for node in project.nodes.values {
            if node.resourceType == .source {
                sources[node.id.rawValue] = entry(for: node, in: project)
            } else {
                nodes[node.id.rawValue] = entry(for: node, in: project)
            }
        }
        let macros = Dictionary(
            project.macros.map { ("macro.\(project.projectName).\($0.name)", ["name": $0.name, "path": $0.path]) },
            uniquingKeysWith: { first, _ in first })
        let document: [String: Any] = [
            "metadata": [
                "generator": "wh",
                "project_name": project.projectName,
                "generated_at": ISO8601DateFormatter().string(from: generatedAt),
            ],
            "nodes": nodes,
            "sources": sources,
            "macros": macros,
            "docs": project.docs,
            "parent_map": project.graph.parents.reduce(into: [String: [String]]()) {
                $0[$1.key.rawValue] = $1.value.map(\.rawValue).sorted()
            },
            "child_map": project.graph.children.reduce(into: [String: [String]]()) {
                $0[$1.key.rawValue] = $1.value.map(\.rawValue).sorted()
            },
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])
    }

    private static func entry(for node: CompiledNode, in project: CompiledProject) -> [String: Any] {
        var entry: [String: Any] = [
            "unique_id": node.id.rawValue,
            "resource_type": node.resourceType.rawValue,
            "name": node.name,
            "package_name": node.packageName,
            "original_file_path": node.path,
            "fqn": node.fqn,
            "config": jsonObject(.dict(node.config.asDictionary.sorted { $0.key < $1.key }.map { .init(key: $0.key, value: $0.value) })),
            "tags": node.config.tags,
            "depends_on": ["nodes": node.dependsOn.map(\.rawValue)],
            "checksum": ["name": "sha256", "checksum": node.checksum],
            "description": node.description,
            "columns": Dictionary(
                node.columns.map { column in
                    (column.name, ["name": column.name, "description": column.description, "data_type": column.dataType as Any])
                }, uniquingKeysWith: { first, _ in first }),
        ]
        if let relation = node.relation {
            entry["database"] = relation.database
            entry["schema"] = relation.schema
            entry["alias"] = relation.identifier
            entry["relation_name"] = relation.description
        }
        if node.resourceType == .model || node.resourceType == .test {
            entry["raw_code"] = node.rawCode
            entry["compiled_code"] = node.compiledCode
            entry["compiled_path"] = project.compiledPath(of: node)
        }
        if let metadata = node.testMetadata {
            entry["test_metadata"] = [
                "name": metadata.name,
                "namespace": metadata.namespace as Any,
                "kwargs": jsonObject(.dict(metadata.kwargs.sorted { $0.key < $1.key }.map { .init(key: $0.key, value: $0.value) })),
            ]
            entry["column_name"] = metadata.columnName
            entry["attached_node"] = metadata.attachedNode.rawValue
        }
        return entry
    }

    private static func jsonObject(_ literal: Literal) -> Any {
        switch literal {
        case .none: NSNull()
        case .bool(let value): value
        case .int(let value): value
        case .double(let value): value
        case .string(let value): value
        case .list(let values): values.map(jsonObject)
        case .dict(let pairs): Dictionary(pairs.map { ($0.key, jsonObject($0.value)) }, uniquingKeysWith: { _, last in last })
        }
    }
}
