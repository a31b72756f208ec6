public import Foundation
public import SQLTemplate
public import WarehouseCore

/// Turns compiled nodes into the nodes the executor runs: materialization, relation, SQL, hooks, indexes and
/// grants read from each node's configuration.
public enum ExecutionPlan {
    /// The executable nodes among `ids` of `project`, in id order.
    ///
    /// `compiledPath` says where a node's compiled SQL was written (for messages). Configuration the engine cannot
    /// run is reported with the node's file.
    /// `targetSchema` is where audit tables of tests without a tested relation go; seed files are read below
    /// `projectRoot`.
    public static func nodes(
        _ ids: some Sequence<NodeID>, of project: CompiledProject, projectRoot: URL, targetSchema: String,
        compiledPath: (CompiledNode) -> String?
    ) throws(ExecutionPlanningError) -> [ExecutionNode] {
        var nodes: [ExecutionNode] = []
        var problems: [Diagnostic] = []
        let loaders = sourceLoaders(in: project)
        for id in ids.sorted() {
            guard let compiled = project.nodes[id] else { continue }
            if compiled.resourceType == .test {
                var test = ExecutionNode(
                    test: compiled, in: project, targetSchema: targetSchema, compiledPath: compiledPath(compiled))
                test.parents.formUnion(compiled.dependsOn.compactMap { loaders[$0] })
                nodes.append(test)
                continue
            }
            if compiled.resourceType == .seed, let relation = compiled.relation {
                nodes.append(
                    ExecutionNode(
                        id: compiled.id, name: compiled.name, resourceType: .seed, materialization: .seed,
                        relation: relation, compiledSQL: "", path: compiled.path,
                        seed: SeedSource(
                            fileURL: projectRoot.appendingPathComponent(compiled.path),
                            columnTypes: compiled.config.columnTypes.reduce(into: [:]) { types, pair in
                                types[pair.key] = pair.value.stringValue
                            })))
                continue
            }
            guard compiled.resourceType == .model || compiled.resourceType == .snapshot else { continue }
            do throws(ExecutionPlanningError.Problem) {
                nodes.append(try node(for: compiled, in: project, compiledPath: compiledPath(compiled)))
            } catch {
                problems.append(
                    Diagnostic(location: compiled.location, message: error.message, help: error.help))
            }
        }
        guard problems.isEmpty else { throw ExecutionPlanningError(problems: problems) }
        // A model waits for its unit tests in the run, as in dbt build: one that fails skips the model.
        let modelIndexes = Dictionary(nodes.indices.map { (nodes[$0].id, $0) }, uniquingKeysWith: { first, _ in first })
        for test in nodes {
            guard let model = test.unitTest?.model, let index = modelIndexes[model] else { continue }
            nodes[index].parents.insert(test.id)
        }
        return nodes
    }

    /// The compiled SQL of every view model of `project`, selected or not (see ``ProjectViews``).
    public static func views(of project: CompiledProject) -> ProjectViews {
        ProjectViews(
            project.nodes.values.compactMap { node in
                guard node.resourceType == .model, node.materialized == MaterializationKind.view.rawValue,
                    let relation = node.relation
                else { return nil }
                return (relation, node.compiledCode)
            })
    }

    /// The seed or model that writes each source's relation, for sources the project loads itself (the example
    /// warehouse declares its seeded bronze tables as a source to check their freshness): a test on such a source
    /// waits for that node, so in `wh build` it reads the loaded table rather than racing the load.
    private static func sourceLoaders(in project: CompiledProject) -> [NodeID: NodeID] {
        var writers: [String: NodeID] = [:]
        var sources: [(NodeID, Relation)] = []
        for node in project.nodes.values {
            guard let relation = node.relation else { continue }
            switch node.resourceType {
            case .seed,
                .snapshot,
                .model where node.materialized != MaterializationKind.ephemeral.rawValue:
                writers[relation.schemaQualified] = node.id
            case .source: sources.append((node.id, relation))
            default: continue
            }
        }
        var loaders: [NodeID: NodeID] = [:]
        for (id, relation) in sources {
            loaders[id] = writers[relation.schemaQualified]
        }
        return loaders
    }

    private static func node(for compiled: CompiledNode, in project: CompiledProject, compiledPath: String?)
        throws(ExecutionPlanningError.Problem) -> ExecutionNode
    {
        let modelKinds: [MaterializationKind] = [.view, .table, .ephemeral, .incremental]
        let snapshot = compiled.resourceType == .snapshot ? try SnapshotPlan(compiled) : nil
        let kind = snapshot == nil ? MaterializationKind(rawValue: compiled.materialized) : .snapshot
        guard let kind, snapshot != nil || modelKinds.contains(kind) else {
            throw ExecutionPlanningError.Problem(
                message: "materialized='\(compiled.materialized)' is not supported for a model",
                help: "use one of " + modelKinds.map(\.rawValue).joined(separator: ", "))
        }
        let relation =
            compiled.relation
            ?? Relation(database: nil, schema: "", identifier: compiled.name)
        return ExecutionNode(
            id: compiled.id, name: compiled.name, resourceType: compiled.resourceType, materialization: kind,
            relation: relation, compiledSQL: compiled.compiledCode,
            parents: Set(compiled.dependsOn.filter { project.nodes[$0]?.resourceType != .source }),
            preHooks: compiled.preHooks, postHooks: compiled.postHooks,
            indexes: try indexes(compiled.config.indexes), grants: try grants(compiled.config.grants),
            path: compiled.path, compiledPath: compiledPath, sourceLines: compiled.sourceLines,
            incremental: kind == .incremental ? try IncrementalSettings.read(compiled.config) : nil,
            snapshot: snapshot)
    }

    /// dbt-postgres's `indexes: [{columns: [...], unique: true, type: hash}]`.
    private static func indexes(_ literal: Literal?) throws(ExecutionPlanningError.Problem) -> [IndexDefinition] {
        guard let literal, literal != .none else { return [] }
        guard let entries = literal.listValue else {
            throw ExecutionPlanningError.Problem(
                message: "config 'indexes' must be a list", help: "write indexes=[{'columns': ['id']}]")
        }
        var indexes: [IndexDefinition] = []
        for entry in entries {
            let columns = entry["columns"]?.listValue?.compactMap(\.stringValue) ?? []
            guard !columns.isEmpty else {
                throw ExecutionPlanningError.Problem(
                    message: "an index in config 'indexes' has no columns",
                    help: "give each index its columns: {'columns': ['id'], 'unique': true}")
            }
            indexes.append(
                IndexDefinition(
                    columns: columns, unique: entry["unique"]?.boolValue ?? false, type: entry["type"]?.stringValue))
        }
        return indexes
    }

    /// dbt's `grants: {select: ['reporter', 'analyst']}` (a single role may be a plain string).
    private static func grants(_ pairs: [Literal.KeyValue]) throws(ExecutionPlanningError.Problem) -> [String: [String]]
    {
        var grants: [String: [String]] = [:]
        for pair in pairs {
            switch pair.value {
            case .string(let role): grants[pair.key, default: []].append(role)
            case .list(let roles) where roles.allSatisfy({ $0.stringValue != nil }):
                grants[pair.key, default: []] += roles.compactMap(\.stringValue)
            default:
                throw ExecutionPlanningError.Problem(
                    message: "config 'grants' entry '\(pair.key)' must be a role or a list of roles",
                    help: "write grants={'select': ['reporter']}")
            }
        }
        return grants
    }
}

/// Nodes whose configuration the engine cannot run, each reported at its file.
public struct ExecutionPlanningError: Error, Sendable, CustomStringConvertible {
    struct Problem: Error {
        var message: String
        var help: String?
    }

    public var problems: [Diagnostic]

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
