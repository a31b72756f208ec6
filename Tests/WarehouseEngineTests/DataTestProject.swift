import Foundation
import PostgresClient
import Testing
import WarehouseCore
import WarehouseTesting

@testable import WarehouseEngine

/// A project written into a temporary folder, compiled with the real compiler and run by the executor, for the
/// data test tests: every model becomes an execution node as configured, every test through
/// ``ExecutionNode/init(test:in:targetSchema:compiledPath:)``.
struct DataTestProject {
    let root: URL

    /// `project.yml` for a project named `p` (target schema `public`), plus `files`.
    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("wh-assert-\(UUID().uuidString)")
        for (path, text) in ["project.yml": "name: p\n"].merging(files, uniquingKeysWith: { $1 }) {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    /// Compiles the project for `database` (relations are qualified with its name).
    func compile(for database: ConnectionConfiguration) async throws -> CompiledProject {
        let project = try ProjectLoader.load(root: root, cliVars: nil)
        let options = CompileOptions(database: database.database ?? "warehouse", environment: [:])
        return try await Compiler(project: project, options: options).compile()
    }

    /// The execution nodes of every model and test of `project`.
    static func nodes(of project: CompiledProject) throws -> [ExecutionNode] {
        try project.orderedNodes.compactMap { node -> ExecutionNode? in
            switch node.resourceType {
            case .test:
                return ExecutionNode(test: node, in: project, targetSchema: "public")
            case .model:
                return ExecutionNode(
                    id: node.id, name: node.name,
                    materialization: try #require(MaterializationKind(rawValue: node.materialized)),
                    relation: try #require(node.relation), compiledSQL: node.compiledCode,
                    parents: Set(node.dependsOn), path: node.path)
            case .seed, .source, .snapshot:
                return nil
            }
        }
    }

    /// Compiles and runs the whole project against `database`.
    func run(
        on database: ConnectionConfiguration, threads: Int = 1,
        progress: @escaping @Sendable (ProgressEvent) -> Void = { _ in }
    ) async throws -> RunResults {
        let nodes = try DataTestProject.nodes(of: try await compile(for: database))
        return try await ExecutionFixture.run(nodes, on: database, threads: threads, progress: progress)
    }
}

extension RunResults {
    /// The result of the node named `name`, failing the test when there is none.
    func named(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> NodeResult {
        try #require(results.first { $0.node.name == name }, "no result for \(name)", sourceLocation: sourceLocation)
    }

    /// `name: status failures` for every test result, sorted, to compare a whole run at once.
    var testOutcomes: [String: String] {
        var outcomes: [String: String] = [:]
        for result in results where result.node.resourceType == .test {
            outcomes[result.node.name] = "\(result.status.rawValue) \(result.failures.map(String.init) ?? "-")"
        }
        return outcomes
    }
}
