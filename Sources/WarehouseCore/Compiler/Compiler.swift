import SQLTemplate

/// Turns a loaded project into compiled SQL and a dependency graph, without touching a database.
///
/// Phases, each reporting every problem it finds before compilation stops:
/// 1. parse every template (macros, models, tests, docs);
/// 2. resolve each node's configuration, reading `config()` calls from the syntax tree;
/// 3. name every relation (`generate_schema_name`, `generate_alias_name`);
/// 4. build the graph from `ref()`/`source()` calls found in the syntax tree, including branches a render
///    would not take, and reject unknown names and cycles;
/// 5. render models and tests in parallel, then inject ephemeral models as CTEs.
///
/// When only some nodes fail, the error carries the project compiled without them (``PartialCompilation``).
public struct Compiler: Sendable {
    public let project: Project
    public let options: CompileOptions

    public init(project: Project, options: CompileOptions = CompileOptions()) {
        self.project = project
        self.options = options
    }

    /// The warnings of every render, each place once (a macro warns for each node that calls it), sorted.
    static func renderWarnings(_ rendered: [NodeRenderer.Outcome?]) -> [Diagnostic] {
        var seen = Set<SourceLocation>()
        return rendered.flatMap { $0?.warnings ?? [] }.filter { seen.insert($0.location).inserted }
            .sorted { $0.location < $1.location }
    }

    public func compile() async throws(CompileError) -> CompiledProject {
        var problems: [CompileError.Problem] = []
        let macros = parseMacros(&problems)
        let docs = collectDocs(macros: macros, problems: &problems)
        let inputs = SharedGlobals.Inputs(
            projectName: project.name,
            target: SharedGlobals.Target(
                name: project.settings.target.name, schema: project.settings.target.schema, database: options.database,
                type: project.settings.target.type, threads: project.settings.target.threads),
            variables: project.variables(for: project.name),
            packageVariables: Dictionary(
                uniqueKeysWithValues: project.packages.map { ($0.name, project.variables(for: $0.name)) }),
            docs: docs, macroFolder: project.settings.macroPaths.first.map { $0 + "/" },
            dispatch: MacroDispatch(
                rootPackage: project.name, searchOrders: project.settings.dispatch,
                packages: Set(project.packages.map(\.name))))

        var (nodes, disabled) = parseNodes(&problems)
        nameRelations(of: &nodes, macros: macros, inputs: inputs, problems: &problems)
        var lookup = RelationLookup(nodes: nodes, disabled: disabled, rootPackage: project.name)
        if await applyDynamicConfigs(
            to: &nodes, macros: macros.templates, inputs: inputs, lookup: lookup, problems: &problems)
        {
            disabled.formUnion(nodes.filter { !$0.config.enabled }.map(\.name))
            nodes.removeAll { !$0.config.enabled }
            nameRelations(of: &nodes, macros: macros, inputs: inputs, problems: &problems)
            lookup = RelationLookup(nodes: nodes, disabled: disabled, rootPackage: project.name)
        }
        checkSnapshotConfigs(of: nodes, problems: &problems)
        addStaticParents(to: &nodes, lookup: lookup, problems: &problems)
        let enabledIDs = Set(nodes.map(\.id))
        GenericTestFactory(project: project, lookup: lookup, testMacros: macros.testMacros)
            .appendTests(attachedTo: enabledIDs, to: &nodes, problems: &problems)
        nodes.sort { $0.id < $1.id }

        var graph = Self.graph(of: nodes)
        if let cycle = graph.findCycle() {
            problems.append(cycleProblem(cycle, nodes: nodes))
            throw CompileError(problems)
        }

        let outcomes = await render(nodes, macros: macros.templates, inputs: inputs, lookup: lookup)
        var failedRenders = Set<Int>()
        for (index, outcome) in outcomes.enumerated() {
            guard case .failure(let error)? = outcome else { continue }
            problems.append(CompileError.Problem(error))
            failedRenders.insert(index)
        }
        applyTestMacroConfigs(outcomes, to: &nodes, problems: &problems, failedRenders: &failedRenders)
        for (index, problem) in trailingSemicolonProblems(nodes, outcomes) {
            problems.append(problem)
            failedRenders.insert(index)
        }
        let renderInputs = DeferredRendering.Inputs(
            macros: macros.templates, shared: inputs, lookup: lookup, options: options, graph: nodes)
        guard problems.isEmpty else {
            throw partialFailure(
                problems, failedRenders: failedRenders, nodes: nodes, outcomes: outcomes, graph: graph,
                macros: macros, docs: docs, inputs: renderInputs)
        }
        let rendered = outcomes.map { try? $0?.get() }
        Self.addRenderedParents(rendered, of: nodes, to: &graph)
        let assembled = assemble(nodes, rendered: rendered, graph: graph, inputs: renderInputs)
        var compiled = assembled.nodes
        let unitTests = await compileUnitTests(
            nodes, compiled: compiled, macros: macros.templates, inputs: inputs, lookup: lookup, problems: &problems)
        let kpis = await compileKPIs(
            nodes, macros: macros.templates, inputs: inputs, lookup: lookup, problems: &problems)
        guard problems.isEmpty else { throw CompileError(problems) }
        for test in unitTests {
            compiled[test.id] = test
            graph.add(
                GraphNode(
                    id: test.id, name: test.name, resourceType: .test, packageName: test.packageName, path: test.path,
                    fqn: test.fqn, config: test.config.selectableValues))
            // For selection the unit test hangs below its model, so selecting the model brings it; when run it
            // reads the model's parents and the model waits for it (see the engine's ExecutionPlan).
            if let model = test.unitTest?.model { graph.addEdge(from: model, to: test.id) }
        }
        let warnings = Self.renderWarnings(rendered)
        var result = CompiledProject(
            projectName: project.name, nodes: compiled, graph: graph,
            macros: macros.definitions, docs: docs, warnings: warnings, deferredRendering: assembled.deferred)
        result.kpis = kpis
        recordMacroFiles(of: nodes, macros: macros, in: &result)
        BackgroundRelease.release(
            (consume nodes, consume outcomes, consume rendered, consume lookup, consume renderInputs))
        return result
    }
}
