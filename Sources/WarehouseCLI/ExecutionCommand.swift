import ArgumentParser
import Foundation
import PostgresClient
import SQLTemplate
import WarehouseCore
import WarehouseEngine
import WarehouseIngest

/// Options shared by the commands that execute nodes: `wh run`, `wh build`, `wh seed`.
struct ExecutionArguments: ParsableArguments {
    @Option(name: .customLong("threads"), help: "How many nodes run at once (default: target.threads, else 4).")
    var threads: Int?

    @Flag(name: .customLong("fail-fast"), help: "Start no new node after the first failure.")
    var failFast = false

    @OptionGroup var strictness: StrictOption

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }
}

/// The steps every executing command shares: load, connect, compile, select, run, report.
enum ExecutionCommand {
    /// Runs the selected nodes of `types`; exits 1 when any node failed.
    static func run(
        project options: ProjectOptions, selection: SelectionOptions, execution: ExecutionArguments,
        types: Set<ResourceType>, fullRefresh: Bool = false, skipUpToDate: Bool = false, waitTimeout: Double = 0,
        eventTimeRange: (start: Date, end: Date)? = nil
    ) async throws {
        try await run(
            options.loadProject(), selection: selection, execution: execution, types: types, fullRefresh: fullRefresh,
            skipUpToDate: skipUpToDate, waitTimeout: waitTimeout, eventTimeRange: eventTimeRange)
    }

    /// Runs the selected nodes of the loaded `project` (see above).
    ///
    /// `retry` replaces the selection by the nodes `wh retry` reruns, with the retried run's start for microbatch
    /// models to plan their batches against.
    static func run(
        _ project: Project, selection: SelectionOptions, execution: ExecutionArguments, types: Set<ResourceType>,
        fullRefresh: Bool = false, skipUpToDate: Bool = false, waitTimeout: Double = 0,
        eventTimeRange: (start: Date, end: Date)? = nil, retry: LastRunResults? = nil
    ) async throws {
        let connection = try await ProjectDatabase.resolve(project)
        // The session connects while the project compiles: a short run waits for the server's handshake no more.
        async let openedSession = ProjectDatabase.openSession(
            connection, name: BuildLock.sessionName(command: commandName))
        var compileOptions = CompileOptions(
            database: connection.database, fullRefresh: fullRefresh, environment: Invocation.environment,
            strictUndefined: execution.strictness.strict)
        compileOptions.command = command(types)
        let (compiled, selected, state) = try await ProjectCompilation.compileSelected(
            project, options: compileOptions, selection: selection, types: types, only: retry?.nodesToRetry,
            connection: connection.configuration)
        let session = try await openedSession
        var run = WarehouseRun(
            project: compiled, nodeIDs: runnable(selected, in: compiled, types: types), projectRoot: project.root,
            targetDirectory: project.root.appendingPathComponent(project.settings.targetPath),
            connection: connection.configuration, session: session,
            options: ExecutionOptions(
                threads: execution.threads ?? project.settings.target.threads, failFast: execution.failFast,
                fullRefresh: fullRefresh, skipUpToDate: skipUpToDate, eventTimeRange: eventTimeRange,
                runStartedAt: retry?.startedAt),
            targetSchema: project.settings.target.schema)
        run.command = command(types)
        // is_incremental() needs to know which incremental models have their table, known only once compiled: the
        // run asks the catalog and calls this, quietly (the first compile printed the warnings), when it may build one.
        run.compileIncremental = { [compileOptions] existing in
            var options = compileOptions
            options.existingIncrementalModels = existing
            let (compiled, selected, _) = try await ProjectCompilation.compileSelected(
                project, options: options, selection: selection, types: types, only: retry?.nodesToRetry,
                connection: connection.configuration, state: state, printingWarnings: false)
            return (compiled, runnable(selected, in: compiled, types: types))
        }
        Console.current.print(connection.summary)
        if !types.isDisjoint(with: [.model, .seed, .snapshot]) {
            try await takeBuildLock(on: session, waitTimeout: waitTimeout)
        }
        if !types.isDisjoint(with: [.model, .snapshot]) {
            try await createIngestTables(project.settings.ingest.kafka, on: session)
        }
        run.sources = try await upToDateSources(of: project, on: session)
        let console = Console.current
        let results: RunResults
        let signals: Int32?
        do {
            (results, signals) = try await executeInterruptibly(run, console: console)
        } catch let error as ExecutionPlanningError {
            Console.current.printError(error.description)
            throw ReportedFailure(exitCode: .userError)
        }
        // The session holds the build lock until the run is over.
        withExtendedLifetime(session) {}
        report(results, compiled: compiled, targetPath: project.settings.targetPath)
        if let signals {
            Console.current.printError(interruptionSummary(results, signal: signals))
            throw ReportedFailure(exitCode: WarehouseExitCode(signal: signals))
        }
        guard results.errorCount == 0 else { throw ReportedFailure(exitCode: .userError) }
    }

    /// The command running nodes of `types`, as dbt's `args.which` names it.
    static func command(_ types: Set<ResourceType>) -> String {
        if types.contains(.seed) && types.contains(.model) { return "build" }
        if types.contains(.model) { return "run" }
        if types.contains(.snapshot) { return "snapshot" }
        return types.contains(.seed) ? "seed" : "test"
    }

    /// Runs `run` with SIGINT/SIGTERM cancelling it; returns its results and the signal that stopped it, if any.
    private static func executeInterruptibly(_ run: WarehouseRun, console: Console) async throws -> (
        RunResults, Int32?
    ) {
        let task = Task {
            try await run.execute(
                logger: ConsoleLogHandler.runLogger(), notes: { console.printError($0.description) }
            ) { event in console.print(event.line) }
        }
        let signals = InterruptSignals { number in
            console.printError("\n\(number == SIGTERM ? "SIGTERM" : "SIGINT"): cancelling the running statements ...")
            task.cancel()
        }
        defer { signals.stop() }
        do {
            return (try await task.value, signals.firstSignal)
        } catch is CancellationError {
            // The signal came while the run read the catalog and its records, before any node: nothing ran.
            guard let signal = signals.firstSignal else { throw CancellationError() }
            return (RunResults(results: [], startedAt: Date(), elapsedTime: 0), signal)
        }
    }

    /// `wh build`, as the build lock's holder is named.
    private static var commandName: String {
        "wh " + CommandLine.arguments.dropFirst().prefix(1).joined()
    }

    /// The selected nodes the command runs: those of its resource `types`.
    private static func runnable(_ selected: Set<NodeID>, in compiled: CompiledProject, types: Set<ResourceType>)
        -> Set<NodeID>
    {
        selected.filter { compiled.nodes[$0].map { types.contains($0.resourceType) } ?? false }
    }

    /// Takes the build lock on `session`, for commands that write relations (models, seeds, snapshots); `wh test`
    /// reads and takes none.
    private static func takeBuildLock(on session: ConnectionPool, waitTimeout: Double) async throws {
        let console = Console.current
        do {
            try await session.withConnection { connection in
                try BuildLock.acquire(on: connection, waitTimeout: .milliseconds(Int(waitTimeout * 1000))) { holder in
                    console.print("another build is running on this database: \(holder); waiting up to \(waitTimeout)s")
                }
            }
        } catch let error as BuildLockError {
            console.printError(error.description)
            throw ReportedFailure(exitCode: .userError)
        }
    }

    /// The bronze tables of the project's Kafka sources, created where missing, so models read them even before
    /// anything was ingested.
    private static func createIngestTables(
        _ sources: [KafkaSourceSettings], on session: ConnectionPool
    ) async throws {
        guard !sources.isEmpty else { return }
        do {
            try await session.withConnection { connection in
                try KafkaIngestor.createTables(for: sources, on: connection)
            }
        } catch let error as KafkaIngestError {
            Console.current.printError(error.description)
            throw ReportedFailure(exitCode: .userError)
        }
    }

    /// How the run knows whether sources changed: `wh ingest`'s bookkeeping, and the sources' `loaded_at_field`.
    private static func upToDateSources(of project: Project, on session: ConnectionPool) async throws
        -> UpToDateSources
    {
        var loadedAtFields: [NodeID: String] = [:]
        for source in project.sources {
            for table in source.tables {
                guard let field = table.loadedAtField else { continue }
                loadedAtFields[NodeID(.source, package: project.name, name: "\(source.name).\(table.name)")] = field
            }
        }
        let kafka = project.settings.ingest.kafka
        let versions = try await session.withConnection { connection in
            try IngestVersions.read(kafka: kafka, on: connection)
        }
        return UpToDateSources(ingestVersions: versions, loadedAtFields: loadedAtFields)
    }

    /// What an interrupted run finished, cancelled (rolled back) and never started.
    private static func interruptionSummary(_ results: RunResults, signal: Int32) -> String {
        let cancelled = results.results.filter { $0.error?.postgresError?.sqlstate == "57014" }.count
        let notStarted = results.results.filter { $0.status == .skipped }.count
        let finished = results.results.count - cancelled - notStarted
        return "\nInterrupted by \(signal == SIGTERM ? "SIGTERM" : "SIGINT"): \(finished) finished, \(cancelled)"
            + " cancelled and rolled back, \(notStarted) not started; every relation is as the last finished node left it."
    }

    /// dbt's closing report: each failure and warning in full, then the summary line.
    private static func report(_ results: RunResults, compiled: CompiledProject, targetPath: String) {
        let failures = results.results.filter { [.error, .fail, .partialSuccess].contains($0.status) }
        let warnings = results.results.filter { $0.status == .warn }
        if !failures.isEmpty {
            Console.current.print("\nCompleted with \(failures.count) error\(failures.count == 1 ? "" : "s"):")
        }
        for result in failures + warnings {
            if let error = result.error {
                Console.current.printError("\n" + error.description)
            } else if let node = compiled.nodes[result.node.id] {
                Console.current.printError(
                    "\n" + testReport(result, node: node, compiled: compiled, targetPath: targetPath))
            }
        }
        Console.current.print("\n" + results.summaryLine)
    }

    /// What a failing or warning test tested, how many rows failed with samples, and where its SQL is to rerun it.
    private static func testReport(
        _ result: NodeResult, node: CompiledNode, compiled: CompiledProject, targetPath: String
    ) -> String {
        let kind = result.status == .warn ? "Warning" : "Failure"
        var lines = ["\(kind) in test \(node.name) (\(node.path):\(node.location.line))"]
        if let metadata = node.testMetadata {
            let tested = compiled.nodes[metadata.attachedNode]?.name ?? metadata.attachedNode.rawValue
            lines.append("  on \(tested)" + (metadata.columnName.map { ", column \($0)" } ?? ""))
        }
        lines += result.message.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
        if let path = compiled.compiledPath(of: node) {
            lines.append("  compiled SQL: \(targetPath)/\(path)")
        }
        return lines.joined(separator: "\n")
    }
}
