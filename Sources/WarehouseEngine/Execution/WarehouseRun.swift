public import Foundation
public import Logging
public import PostgresClient
public import SQLTemplate
public import WarehouseCore

/// One `wh run`/`wh build`/`wh seed`: writes the compiled SQL of the nodes to run and the manifest, runs them in
/// dependency order, and writes `run_results.json`.
public struct WarehouseRun: Sendable {
    public var project: CompiledProject
    /// The nodes to run (already selected and narrowed to the command's resource types).
    public var nodeIDs: Set<NodeID>
    /// The project's target folder (`target/`).
    public var targetDirectory: URL
    public var connection: ConnectionConfiguration
    public var options: ExecutionOptions
    /// The target's schema (`target.schema`), for audit tables of tests that test no relation.
    public var targetSchema: String
    /// The project folder, where seed files are read.
    public var projectRoot: URL
    /// The command running (`run`, `build`, ...), recorded in `run_results.json` for `wh retry`.
    public var command: String?

    public init(
        project: CompiledProject, nodeIDs: Set<NodeID>, projectRoot: URL, targetDirectory: URL,
        connection: ConnectionConfiguration, options: ExecutionOptions, targetSchema: String
    ) {
        self.targetSchema = targetSchema
        self.projectRoot = projectRoot
        self.project = project
        self.nodeIDs = nodeIDs
        self.targetDirectory = targetDirectory
        self.connection = connection
        self.options = options
    }

    /// The target folder as messages name it: relative to the project folder when it is inside it (`target`).
    private var targetDisplayPath: String {
        let root = projectRoot.standardizedFileURL.path + "/"
        let path = targetDirectory.standardizedFileURL.path
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }

    /// Runs the nodes; node failures are in the results, not thrown.
    ///
    /// - Throws: ``ExecutionPlanningError`` for configuration the engine cannot run and for columns the selected
    ///   tests name that their existing relations lack (see ``ColumnCheck``), both before anything runs;
    ///   ``PostgresError`` when the catalog cannot be read; ``TargetWriteError`` writing the target folder.
    ///   Documented columns that are missing but that nothing needs go to `notes`.
    public func execute(
        logger: Logger, notes: (Diagnostic) -> Void = { _ in },
        progress: @escaping @Sendable (ProgressEvent) -> Void
    ) async throws -> RunResults {
        let target = TargetWriter(targetDirectory: targetDirectory, displayPath: targetDisplayPath)
        try target.write(project, selected: nodeIDs)
        let targetName = targetDirectory.lastPathComponent
        let nodes = try ExecutionPlan.nodes(
            nodeIDs, of: project, projectRoot: projectRoot, targetSchema: targetSchema
        ) { node in
            project.compiledPath(of: node).map { "\(targetName)/\($0)" }
        }
        let missingColumns = try await ColumnCheck(nodeIDs, of: project).run(
            on: ConnectionPool(configuration: connection, size: 1, logger: logger), projectRoot: projectRoot)
        let missingNeeded = missingColumns.filter { $0.severity == .error }
        guard missingNeeded.isEmpty else { throw ExecutionPlanningError(problems: missingNeeded) }
        missingColumns.forEach(notes)
        var options = options
        options.projectViews = ExecutionPlan.views(of: project)
        let results = try await DAGExecutor(configuration: connection, options: options, logger: logger)
            .run(nodes, progress: progress)
        try target.replace(
            "run_results.json",
            with: results.runResultsJSON(
                metadata: RunResultsMetadata(
                    whVersion: WarehouseVersion.current, command: command,
                    invocationStartedAt: options.runStartedAt ?? results.startedAt)))
        return results
    }
}
