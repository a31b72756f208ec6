public import Foundation
public import Logging
public import PostgresClient
public import SQLTemplate
public import WarehouseCore

/// One `wh run`/`wh build`/`wh seed`: writes the compiled SQL of the nodes to run and the manifest, runs them in
/// dependency order, and writes `run_results.json`.
public struct WarehouseRun: Sendable {
    /// The project compiled with `is_incremental()` false for every model: what the run's nodes are fingerprinted from
    /// (an incremental model's SQL changes once its table exists, its fingerprint, ``NodeStateStore``, must not), and
    /// what runs unless ``compileIncremental`` is called.
    public var project: CompiledProject
    /// The nodes to run (already selected and narrowed to the command's resource types).
    public var nodeIDs: Set<NodeID>
    /// The project's target folder (`target/`).
    public var targetDirectory: URL
    /// Where the workers connect, each on first use.
    public var connection: ConnectionConfiguration
    /// The run's own connection (a pool of one), for everything but building nodes.
    ///
    /// Catalog reads, the column check and the state records read up front go through it; it may hold the build lock
    /// (``BuildLock``), so it stays open for the run.
    public var session: ConnectionPool
    public var options: ExecutionOptions
    /// The target's schema (`target.schema`), for audit tables of tests that test no relation.
    public var targetSchema: String
    /// The project folder, where seed files are read.
    public var projectRoot: URL
    /// How sources' changes are known, for skipping up-to-date nodes.
    public var sources: UpToDateSources
    /// Compiles the project again with `is_incremental()` true for the given models, whose tables exist.
    ///
    /// Returns the project and the nodes to run in it; called only when the run may build one of the models (or a
    /// unit test of one), since a run finding them up to date never reads that SQL. `nil` runs ``project`` as it is.
    public var compileIncremental:
        (@Sendable (Set<NodeID>) async throws -> (project: CompiledProject, nodeIDs: Set<NodeID>))?
    /// The command running (`run`, `build`, ...), recorded in `run_results.json` for `wh retry`.
    public var command: String?

    public init(
        project: CompiledProject, nodeIDs: Set<NodeID>, projectRoot: URL, targetDirectory: URL,
        connection: ConnectionConfiguration, session: ConnectionPool, options: ExecutionOptions, targetSchema: String,
        sources: UpToDateSources = UpToDateSources()
    ) {
        self.session = session
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
    ///   ``PostgresError`` when the catalog cannot be read or the build cannot be recorded (``BuildHistory``);
    ///   ``TargetWriteError`` writing the target folder.
    ///   Documented columns that are missing but that nothing needs go to `notes`, and sources whose up-to-date
    ///   check reads a large table.
    public func execute(
        logger: Logger, notes: (Diagnostic) -> Void = { _ in },
        progress: @escaping @Sendable (ProgressEvent) -> Void
    ) async throws -> RunResults {
        let target = TargetWriter(targetDirectory: targetDirectory, displayPath: targetDisplayPath)
        var (project, nodeIDs) = (project, nodeIDs)
        let nodes: [ExecutionNode]
        let ledger: UpToDateLedger
        do {
            var planned = try plannedNodes(nodeIDs, of: project)
            let missingColumns = try await ColumnCheck(nodeIDs, of: project).run(on: session, projectRoot: projectRoot)
            let missingNeeded = missingColumns.filter { $0.severity == .error }
            guard missingNeeded.isEmpty else { throw ExecutionPlanningError(problems: missingNeeded) }
            missingColumns.forEach(notes)
            var (prepared, readings) = try await prepareLedger(planned, of: project, readings: UpToDateReadings())
            if let recompiled = try await compiledIncrementally(planned, ledger: prepared) {
                (project, nodeIDs) = recompiled
                planned = try plannedNodes(nodeIDs, of: project)
                (prepared, readings) = try await prepareLedger(planned, of: project, readings: readings)
            }
            readings.notes.forEach(notes)
            (nodes, ledger) = (planned, prepared)
        } catch {
            // The target folder shows what was compiled even when the run stops before building anything.
            try target.write(project, selected: nodeIDs)
            throw error
        }
        // Written once, with the SQL that runs.
        try target.write(project, selected: nodeIDs)
        var options = options
        options.projectViews = ExecutionPlan.views(of: project)
        options.deferredRendering = project.deferredRendering
        // The session's connection, idle while the nodes run, builds them on the first worker: one connection
        // (and server process) fewer per run. Its statements show under the session's name in pg_stat_activity.
        let executor = DAGExecutor(configuration: connection, options: options, logger: logger)
        let results = try await session.withBorrowedConnection { loan in
            try await executor.run(nodes, ledger: ledger, lent: loan, progress: progress)
        }
        if let rendered = Self.renderedWithDatabase(results, of: project) {
            try target.write(rendered, selected: nodeIDs)
        }
        try target.replace(
            "run_results.json",
            with: results.runResultsJSON(
                metadata: RunResultsMetadata(
                    whVersion: WarehouseVersion.current, command: command,
                    invocationStartedAt: options.runStartedAt ?? results.startedAt)))
        if BuildHistory.wroteRelations(results) {
            _ = try await session.withConnection { [command] connection in
                try BuildHistory.record(results, command: command ?? "run", on: connection)
            }
        }
        return results
    }

    /// The execution nodes of `ids`, compiled files named under the target folder.
    private func plannedNodes(_ ids: Set<NodeID>, of project: CompiledProject) throws -> [ExecutionNode] {
        let targetName = targetDirectory.lastPathComponent
        return try ExecutionPlan.nodes(ids, of: project, projectRoot: projectRoot, targetSchema: targetSchema) {
            node in project.compiledPath(of: node).map { "\(targetName)/\($0)" }
        }
    }

    /// What is up to date among `nodes` of `project`, read on the session (what `readings` holds is not read again);
    /// fingerprints come from ``project``.
    private func prepareLedger(_ nodes: [ExecutionNode], of project: CompiledProject, readings: UpToDateReadings)
        async throws -> (ledger: UpToDateLedger, readings: UpToDateReadings)
    {
        try await session.withConnection { [self] connection in
            var readings = readings
            let ledger = try UpToDateLedger.prepare(
                nodes: nodes, of: project, fingerprinting: self.project, projectRoot: projectRoot, sources: sources,
                skips: options.skipUpToDate && !options.fullRefresh, readings: &readings, on: connection)
            return (ledger, readings)
        }
    }

    /// The project compiled with `is_incremental()` true for the incremental models whose tables exist, and its
    /// nodes to run, when the run may build one of them or a unit test of one; `nil` otherwise.
    private func compiledIncrementally(_ nodes: [ExecutionNode], ledger: UpToDateLedger) async throws -> (
        project: CompiledProject, nodeIDs: Set<NodeID>
    )? {
        guard let compileIncremental else { return nil }
        let existing = try await ExistingIncrementalModels.find(
            in: project, fullRefresh: options.fullRefresh, on: session)
        let needed = ledger.mayBuild(anyOf: nodes) { node in
            existing.contains(node.id) || node.unitTest.map { existing.contains($0.model) } == true
        }
        return needed ? try await compileIncremental(existing) : nil
    }
}
