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
    /// How sources' changes are known, for skipping up-to-date nodes.
    public var sources: UpToDateSources
    /// The project compiled with `is_incremental()` false for every model, whose nodes are fingerprinted.
    ///
    /// An incremental model's SQL changes once its table exists, its fingerprint (``NodeStateStore``) must not;
    /// `nil` when `project` was compiled so.
    public var fingerprintedProject: CompiledProject?
    /// The command running (`run`, `build`, ...), recorded in `run_results.json` for `wh retry`.
    public var command: String?

    public init(
        project: CompiledProject, nodeIDs: Set<NodeID>, projectRoot: URL, targetDirectory: URL,
        connection: ConnectionConfiguration, options: ExecutionOptions, targetSchema: String,
        sources: UpToDateSources = UpToDateSources()
    ) {
        self.sources = sources
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

    /// `project` with the SQL that ran for nodes rendered with the database, so `target/` holds it; nil when no
    /// such node ran.
    private static func renderedWithDatabase(_ results: RunResults, of project: CompiledProject) -> CompiledProject? {
        var updated = project
        var changed = false
        for result in results.results where result.node.rendersWithDatabase && !result.node.compiledSQL.isEmpty {
            updated.nodes[result.node.id]?.compiledCode = result.node.compiledSQL
            updated.nodes[result.node.id]?.sourceLines = result.node.sourceLines
            changed = true
        }
        return changed ? updated : nil
    }

    /// Runs the nodes; node failures are in the results, not thrown.
    ///
    /// - Throws: ``ExecutionPlanningError`` for configuration the engine cannot run and for columns the selected
    ///   tests name that their existing relations lack (see ``ColumnCheck``), both before anything runs;
    ///   ``PostgresError`` when the catalog cannot be read; ``TargetWriteError`` writing the target folder.
    ///   Documented columns that are missing but that nothing needs go to `notes`, and sources whose up-to-date
    ///   check reads a large table.
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
        options.deferredRendering = project.deferredRendering
        let (ledger, sourceNotes) = try await BlockingWork.run { [self, options] in
            var sourceNotes: [Diagnostic] = []
            let ledger = try UpToDateLedger.prepare(
                nodes: nodes, of: project, fingerprinting: fingerprintedProject ?? project, projectRoot: projectRoot,
                sources: sources,
                skips: options.skipUpToDate && !options.fullRefresh,
                on: try Connection.connect(connection, logger: logger)
            ) { sourceNotes.append($0) }
            return (ledger, sourceNotes)
        }
        sourceNotes.forEach(notes)
        let results = try await DAGExecutor(configuration: connection, options: options, logger: logger)
            .run(nodes, ledger: ledger, progress: progress)
        if let rendered = Self.renderedWithDatabase(results, of: project) {
            try target.write(rendered, selected: nodeIDs)
        }
        try target.replace(
            "run_results.json",
            with: results.runResultsJSON(
                metadata: RunResultsMetadata(
                    whVersion: WarehouseVersion.current, command: command,
                    invocationStartedAt: options.runStartedAt ?? results.startedAt)))
        return results
    }
}
