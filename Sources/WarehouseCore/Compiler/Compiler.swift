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
public struct Compiler: Sendable {
    public let project: Project
    public let options: CompileOptions

    public init(project: Project, options: CompileOptions = CompileOptions()) {
        self.project = project
        self.options = options
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
            variables: project.vars.all(for: project.name),
            docs: docs)

        var (nodes, disabled) = parseNodes(&problems)
        let naming = NodeRenderer(macros: macros.templates, shared: inputs, lookup: RelationLookup(), options: options)
        nameRelations(of: &nodes, with: naming, macros: macros, problems: &problems)
        var lookup = RelationLookup(nodes: nodes.values, disabled: disabled)
        if await applyDynamicConfigs(
            to: &nodes, macros: macros.templates, inputs: inputs, lookup: lookup, problems: &problems)
        {
            disabled.formUnion(nodes.values.filter { !$0.config.enabled }.map(\.name))
            nodes = nodes.filter { $0.value.config.enabled }
            nameRelations(of: &nodes, with: naming, macros: macros, problems: &problems)
            lookup = RelationLookup(nodes: nodes.values, disabled: disabled)
        }
        addStaticParents(to: &nodes, lookup: lookup, problems: &problems)
        let tests = GenericTestFactory(project: project, lookup: lookup, testMacros: macros.names)
            .tests(attachedTo: nodes, problems: &problems)
        for test in tests { nodes[test.id] = test }

        let graph = Self.graph(of: nodes.values)
        if let cycle = graph.findCycle() {
            problems.append(cycleProblem(cycle, nodes: nodes))
            throw CompileError(problems)
        }

        let outcomes = await render(nodes, macros: macros.templates, inputs: inputs, lookup: lookup)
        var compiled: [NodeID: CompiledNode] = [:]
        var renderedGraph = graph
        var sqlByID: [NodeID: String] = [:]
        var rendered: [NodeID: NodeRenderer.Outcome] = [:]
        var ephemeralParents: [NodeID: [NodeID]] = [:]
        for (id, outcome) in outcomes {
            switch outcome {
            case .success(let result):
                sqlByID[id] = result.sql
                rendered[id] = result
                ephemeralParents[id] = result.ephemeralParents
                for parent in result.parents where nodes[parent] != nil { renderedGraph.addEdge(from: parent, to: id) }
            case .failure(let error):
                problems.append(CompileError.Problem(error))
            }
        }
        guard problems.isEmpty else { throw CompileError(problems) }

        let injected = EphemeralInjection.injectAll(sql: sqlByID, ephemeralParents: ephemeralParents) {
            nodes[$0]?.name ?? $0.rawValue
        }
        for (id, node) in nodes {
            let code = injected[id] ?? ""
            compiled[id] = CompiledNode(
                pending: node, compiledCode: code, outcome: rendered[id],
                sourceLines: EphemeralInjection.shiftedLineMap(
                    rendered[id]?.sourceLines ?? [], rendered: sqlByID[id] ?? "", injected: code),
                dependsOn: (renderedGraph.parents[id] ?? []).sorted())
        }
        return CompiledProject(
            projectName: project.name, nodes: compiled, graph: renderedGraph,
            macros: macros.definitions, docs: docs)
    }
}
