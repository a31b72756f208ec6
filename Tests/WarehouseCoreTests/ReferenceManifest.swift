import Foundation
import SQLTemplate
import WarehouseCore

/// The manifest built the way `wh` built it before it wrote it straight into bytes.
///
/// A tree of `JSON` values, serialized by `JSON`: a second, independent spelling that `Manifest.serialized` must
/// match byte for byte.
enum ReferenceManifest {
    static func json(of project: CompiledProject, generatedAt: Date) -> JSON {
        var nodes: [String: JSON] = [:]
        var sources: [String: JSON] = [:]
        for node in project.nodes.values {
            if node.resourceType == .source {
                sources[node.id.rawValue] = entry(for: node, in: project)
            } else {
                nodes[node.id.rawValue] = entry(for: node, in: project)
            }
        }
        let macros = Dictionary(
            project.macros.map {
                (
                    "macro.\(project.projectName).\($0.name)",
                    JSON.object(["name": .string($0.name), "path": .string($0.path)])
                )
            }, uniquingKeysWith: { first, _ in first })
        return .object([
            "metadata": .object([
                "generator": .string("wh \(WarehouseVersion.current)"),
                "project_name": .string(project.projectName),
                "generated_at": .string(ISO8601DateFormatter().string(from: generatedAt)),
                "wh_version": .string(WarehouseVersion.current),
            ]),
            "nodes": .object(nodes),
            "sources": .object(sources),
            "macros": .object(macros),
            "docs": .object(project.docs.mapValues(JSON.string)),
            "parent_map": edgeMap(project.graph.parents),
            "child_map": edgeMap(project.graph.children),
        ])
    }

    private static func edgeMap(_ edges: [NodeID: Set<NodeID>]) -> JSON {
        .object(
            Dictionary(uniqueKeysWithValues: edges.map { ($0.key.rawValue, JSON($0.value.map(\.rawValue).sorted())) }))
    }

    private static func entry(for node: CompiledNode, in project: CompiledProject) -> JSON {
        var entry: [String: JSON] = [
            "unique_id": .string(node.id.rawValue),
            "resource_type": .string(node.resourceType.rawValue),
            "name": .string(node.name),
            "package_name": .string(node.packageName),
            "original_file_path": .string(node.path),
            "fqn": JSON(node.fqn),
            "config": .object(node.config.asDictionary.mapValues(json(of:))),
            "tags": JSON(node.config.tags),
            "depends_on": .object(["nodes": JSON(node.dependsOn.map(\.rawValue))]),
            "checksum": .object(["name": .string("sha256"), "checksum": .string(node.checksum)]),
            "description": .string(node.description),
            "columns": .object(
                Dictionary(
                    node.columns.map { column in
                        (
                            column.name,
                            JSON.object([
                                "name": .string(column.name), "description": .string(column.description),
                                "data_type": JSON(column.dataType),
                            ])
                        )
                    }, uniquingKeysWith: { first, _ in first })),
        ]
        if let relation = node.relation {
            entry["database"] = JSON(relation.database)
            entry["schema"] = .string(relation.schema)
            entry["alias"] = .string(relation.identifier)
            entry["relation_name"] = .string(relation.description)
        }
        if node.resourceType == .model || node.resourceType == .test {
            entry["raw_code"] = .string(node.rawCode)
            entry["compiled_code"] = .string(node.compiledCode)
            entry["compiled_path"] = JSON(project.compiledPath(of: node))
        }
        if let metadata = node.testMetadata {
            entry["test_metadata"] = .object([
                "name": .string(metadata.name),
                "namespace": JSON(metadata.namespace),
                "kwargs": .object(metadata.kwargs.mapValues(json(of:))),
            ])
            entry["column_name"] = JSON(metadata.columnName)
            entry["attached_node"] = .string(metadata.attachedNode.rawValue)
        }
        return .object(entry)
    }

    private static func json(of literal: Literal) -> JSON {
        switch literal {
        case .none: .null
        case .bool(let value): .bool(value)
        case .int(let value): .int(value)
        case .double(let value): .double(value)
        case .string(let value): .string(value)
        case .list(let values): .array(values.map(json(of:)))
        case .dict(let pairs): .object(Dictionary(pairs.map { ($0.key, json(of: $0.value)) }) { _, last in last })
        }
    }
}
