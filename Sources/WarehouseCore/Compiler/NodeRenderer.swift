import SQLTemplate

/// Renders nodes' templates on one worker: owns a template `Environment` with every macro registered and the
/// shared globals set, and lays each node's own globals over them for its render.
///
/// Not Sendable: each worker builds its own, so template values never cross threads.
final class NodeRenderer {
    /// What one render produced: all of it Sendable, so it can leave the worker.
    struct Outcome: Sendable {
        var sql: String
        /// sha256 of the node's source text, computed here because the workers run in parallel.
        var checksum: String
        /// The model file's line for each line of `sql` (see `RenderedText`); empty for generic tests.
        var sourceLines: [Int] = []
        /// `pre_hook`/`post_hook` statements rendered in the node's context (`{{ this }}` works in them).
        var preHooks: [String] = []
        var postHooks: [String] = []
        var parents: [NodeID]
        var ephemeralParents: [NodeID]
        /// Values set by `config()` calls, in call order.
        var configCalls: [[String: Literal]]
        /// Undefined names the render printed as empty text (`Environment.takeWarnings`).
        var warnings: [Diagnostic] = []
        /// The render queried the database, which a compile does not reach: the node renders again just before it
        /// runs (``DeferredRendering``), and nothing else here is kept.
        var needsDatabase = false
    }

    private let environment: Environment
    private let lookup: RelationLookup
    private let options: CompileOptions
    /// What `run_query`, `statement` and the adapter's catalog methods reach.
    private let session = IntrospectionSession()
    /// What `var()` answers, for unit tests' `overrides.vars`.
    private let variables: [String: Literal]
    /// Checksums of generic tests' source text, which is one line per test macro (`{{ test_unique(...) }}`).
    private var testChecksums: [String: String] = [:]

    /// The root project's name: its macros come right after those of the node's own package.
    private let rootPackage: String
    /// `var()` of the root project's nodes, and of each package's nodes.
    private let varFunctions: [String: Value]

    /// `graph` is what the `graph` global describes: the project's nodes, configured and named.
    init(
        macros: [PackageTemplate], shared: SharedGlobals.Inputs, lookup: RelationLookup, options: CompileOptions,
        graph: [PendingNode] = []
    ) {
        let environment = Environment(strictUndefined: options.strictUndefined)
        environment.macroFolder = shared.macroFolder
        environment.inlineMacroPrefix = "dbt_macro__"
        for macro in macros { environment.registerMacros(from: macro.template, namespace: macro.package) }
        self.environment = environment
        rootPackage = shared.projectName
        let introspection = IntrospectionGlobals(session: session, database: shared.target.database)
        environment.globals = SharedGlobals(
            shared, options: options, environment: environment, adapterMethods: introspection.adapterMethods
        ).values.merging(introspection.globals(environment: environment)) { _, introspecting in introspecting }
        environment.globals["graph"] = .object(GraphObject(graph))
        varFunctions = shared.packageVariables.mapValues { .function(SharedGlobals.varFunction($0)) }
            .merging([shared.projectName: environment.globals["var"] ?? .none]) { $1 }
        self.lookup = lookup
        self.options = options
        variables = shared.variables
    }

    /// Runs `body` with templates reaching `database`, as a node renders just before it runs.
    func withDatabase<T>(_ database: any DatabaseAccess, _ body: () throws -> T) rethrows -> T {
        session.database = database
        defer { session.database = nil }
        return try body()
    }

    /// The outcome of a render stopped by its first query while no database is in reach.
    private func deferredOutcome(_ node: borrowing PendingNode) -> Outcome {
        Outcome(
            sql: "", checksum: checksum(node), parents: [], ephemeralParents: [], configCalls: [], needsDatabase: true)
    }

    /// The node-specific part of the template context for `node`; `execute` is false while configuration is read.
    private func prepare(_ node: borrowing PendingNode, execute: Bool = true, lookup: RelationLookup? = nil)
        -> NodeContext
    {
        session.reset(execute: execute)
        environment.globals["execute"] = .bool(execute)
        environment.macroSearchOrder = MacroDispatch.searchOrder(package: node.packageName, root: rootPackage)
        environment.globals["var"] = varFunctions[node.packageName] ?? varFunctions[rootPackage]
        let context = NodeContext(lookup: lookup ?? self.lookup, config: node.config, package: node.packageName)
        // dbt's should_full_refresh(): the model's `full_refresh` config wins over the run's flag.
        let isIncremental =
            node.config.materialized == "incremental" && !(node.config.fullRefresh ?? options.fullRefresh)
            && options.existingIncrementalModels.contains(node.id)
        context.setGlobals(
            in: &environment.globals, this: node.relation, isIncremental: isIncremental,
            model: NodeDescriptionObject(copy node))
        return context
    }

    /// Renders a model or singular test, or a seed's hooks.
    ///
    /// `execute: false` renders it as dbt does while making the graph, for the configuration its `config()` calls
    /// set. `postHooks: false` leaves the post-hooks as written, for a node rendered with the database, whose
    /// post-hooks render when they run (``renderPostHook(_:of:)``).
    func render(_ node: borrowing PendingNode, execute: Bool = true, postHooks: Bool = true) -> Result<
        Outcome, TemplateError
    > {
        render(node, execute: execute, postHooks: postHooks, withGlobals: [:])
    }

    /// `render(_:execute:postHooks:)` with `extra` globals set for this render only (a KPI's `param`).
    func render(
        _ node: borrowing PendingNode, execute: Bool = true, postHooks: Bool = true, withGlobals extra: [String: Value]
    ) -> Result<Outcome, TemplateError> {
        guard node.template != nil || !node.config.preHook.isEmpty || !node.config.postHook.isEmpty else {
            return .success(
                Outcome(sql: "", checksum: checksum(node), parents: [], ephemeralParents: [], configCalls: []))
        }
        let context = prepare(node, execute: execute)
        let previous = extra.keys.map { ($0, environment.globals[$0]) }
        environment.globals.merge(extra) { _, new in new }
        defer {
            for (name, value) in previous { environment.globals[name] = value }
        }
        do {
            let rendered: RenderedText
            if let verbatim = node.verbatim {
                rendered = RenderedText(text: verbatim.sql, sourceLines: verbatim.lines)
            } else if let template = node.template {
                rendered = try environment.renderWithLineMap(template)
            } else {
                rendered = RenderedText(text: "", sourceLines: [])
            }
            var outcome = Outcome(
                sql: rendered.text, checksum: checksum(node), sourceLines: rendered.sourceLines,
                parents: context.parents,
                ephemeralParents: context.ephemeralParents, configCalls: context.config.calls.map(\.values))
            // node.config already holds the hooks of literal config() calls, and of computed ones since their
            // models were rendered for configuration first.
            for hook in node.config.preHook { outcome.preHooks.append(try renderHook(hook, of: node)) }
            for hook in node.config.postHook {
                outcome.postHooks.append(postHooks ? try renderHook(hook, of: node) : hook)
            }
            outcome.warnings = environment.takeWarnings()
            if context.filtersEventTime, !context.readsFilteredInput {
                outcome.warnings.append(Self.unfilteredMicrobatchWarning(node))
            }
            return .success(outcome)
        } catch {
            _ = environment.takeWarnings()
            return session.neededDatabase
                ? .success(deferredOutcome(node)) : .failure(GlobalProject.locatedAtCaller(error))
        }
    }

    /// Renders `model` for a unit test: `ref()`/`source()` of its inputs give their CTE names (`lookup`), and the
    /// test's overrides replace `var()`, `env_var()` and macros (`is_incremental` among them) for this render only.
    func renderUnitTest(
        _ model: borrowing PendingNode, lookup: RelationLookup, overrides: UnitTestOverrides, this: Value?
    ) -> Result<String, TemplateError> {
        guard let template = model.template else { return .success(model.verbatim?.sql ?? "") }
        _ = prepare(model, lookup: lookup)
        var replaced: [String: Value] = [:]
        if !overrides.vars.isEmpty {
            replaced["var"] = .function(SharedGlobals.varFunction(variables.merging(overrides.vars) { $1 }))
        }
        if !overrides.envVars.isEmpty {
            replaced["env_var"] = .function(
                EnvVarFunction.make(options.environment.merging(overrides.envVars) { $1 }))
        }
        for (name, value) in overrides.macros {
            replaced[name] = .function(NativeFunction(name: name) { _ in Value(value) })
        }
        if let this { replaced["this"] = this }
        defer { _ = environment.takeWarnings() }
        do {
            if let verbatim = model.verbatim { return .success(verbatim.sql) }
            return .success(try environment.render(template, variables: replaced))
        } catch {
            return .failure(error)
        }
    }

    /// dbt's warning for a microbatch model none of whose `ref()`s and `source()`s declares `event_time`.
    private static func unfilteredMicrobatchWarning(_ node: borrowing PendingNode) -> Diagnostic {
        Diagnostic(
            severity: .warning, location: node.location,
            message: "microbatch model '\(node.name)' reads no ref() or source() with an 'event_time' config:"
                + " every batch reads every input row, which can duplicate rows",
            help: "give the model's inputs an event_time config (the column that says when each row happened)")
    }

    /// sha256 of the node's source text; generic tests of one kind share theirs, so it is computed once per kind.
    private func checksum(_ node: borrowing PendingNode) -> String {
        guard node.testMetadata != nil else { return SHA256.hexDigest(node.rawCode) }
        if let known = testChecksums[node.rawCode] { return known }
        let checksum = SHA256.hexDigest(node.rawCode)
        testChecksums[node.rawCode] = checksum
        return checksum
    }

    /// Renders post-hook `index` of `node` in its context, when it runs.
    func renderPostHook(_ index: Int, of node: PendingNode) -> Result<String, TemplateError> {
        _ = prepare(node)
        defer { _ = environment.takeWarnings() }
        do {
            return .success(try renderHook(node.config.postHook[index], of: node))
        } catch {
            return .failure(error)
        }
    }

    /// A hook is a template too: dbt renders `grant select on {{ this }} to reporter` in the node's context.
    private func renderHook(_ hook: String, of node: PendingNode) throws(TemplateError) -> String {
        guard hook.contains("{{") || hook.contains("{%") else { return hook }
        return try environment.render(Template(source: hook, path: node.path))
    }

    /// Calls the macro `name` with positional `arguments` in `node`'s context (schema and alias naming).
    func callMacro(_ name: String, for node: PendingNode, arguments: [Value]) -> Result<Value, TemplateError> {
        _ = prepare(node)
        guard let macro = environment.macro(named: name) else {
            return .failure(
                TemplateError(
                    kind: .other,
                    diagnostic: Diagnostic(location: node.location, message: "macro '\(name)' is not defined")))
        }
        // Naming macros are rendered once per custom schema, not per node: what they warn about is not kept.
        defer { _ = environment.takeWarnings() }
        do {
            return .success(
                try environment.call(macro, arguments: Arguments(positional: arguments, location: node.location)))
        } catch {
            return .failure(error)
        }
    }

    /// Renders a generic test: evaluates its arguments as dbt does and calls its `test_<name>` macro with them.
    func renderGenericTest(_ node: borrowing PendingNode) -> Result<Outcome, TemplateError> {
        guard let metadata = node.testMetadata, let subject = node.testSubject else {
            return .success(
                Outcome(sql: "", checksum: checksum(node), parents: [], ephemeralParents: [], configCalls: []))
        }
        let context = prepare(node)
        do throws(TemplateError) {
            var sql = try callTestMacro(node, metadata: metadata, subject: subject)
            // dbt applies a test macro's own config() when it parses the test, before compiling it: a `where` set
            // there filters the model the macro receives, so the macro runs again with it.
            if context.config.calls.contains(where: { $0.values["where"] != nil }) {
                sql = try callTestMacro(node, metadata: metadata, subject: subject)
            }
            // The tested model is read through `model`, not a ref() call: an ephemeral one is inlined first, as dbt's
            // test reads `ref(model)` before its other arguments.
            let testedCTE = subject.cteName != nil && !context.ephemeralParents.contains(subject.id) ? [subject.id] : []
            return .success(
                Outcome(
                    sql: sql.renderedString, checksum: checksum(node), parents: context.parents,
                    ephemeralParents: testedCTE + context.ephemeralParents,
                    configCalls: context.config.calls.map(\.values), warnings: environment.takeWarnings()))
        } catch {
            _ = environment.takeWarnings()
            if session.neededDatabase { return .success(deferredOutcome(node)) }
            return .failure(Self.locatedAtTestEntry(GlobalProject.locatedAtCaller(error), node: node))
        }
    }

    /// Evaluates a generic test's arguments as dbt does and calls its `test_<name>` macro with them.
    private func callTestMacro(
        _ node: borrowing PendingNode, metadata: TestMetadata, subject: RelationLookup.Target
    ) throws(TemplateError) -> Value {
        // dbt passes `get_where_subquery(ref('m'))`; calling the macro with the relation itself saves parsing
        // that expression for every test.
        guard let whereSubquery = environment.macro(named: "get_where_subquery") else {
            throw TemplateError(.other, "macro 'get_where_subquery' is not defined", at: node.location)
        }
        let model = try environment.call(
            whereSubquery,
            arguments: Arguments(
                positional: [.object(RelationObject.target(subject.relation, cteName: subject.cteName))],
                location: node.location))
        var keyword: [(name: String, value: Value)] = [("model", model)]
        if let column = metadata.columnName { keyword.append(("column_name", .string(column))) }
        for (name, literal) in metadata.kwargs.sorted(by: { $0.key < $1.key }) where name != "column_name" {
            keyword.append((name, try evaluateArgument(literal, at: node.location)))
        }
        let macroName = "test_\(metadata.name)"
        let macro =
            node.testMacroPackage.flatMap { environment.macro(named: macroName, in: $0) }
            ?? environment.macro(named: macroName)
        guard let macro else {
            throw TemplateError(
                kind: .other,
                diagnostic: Diagnostic(location: node.location, message: "unknown test '\(metadata.name)'"))
        }
        return try environment.call(macro, arguments: Arguments(keyword: keyword, location: node.location))
    }

    /// An error inside one of `wh`'s builtin macros means the test entry is wrong (a missing argument, a bad
    /// combination): the user's file to fix is the property file, so that is where it is reported.
    private static func locatedAtTestEntry(_ error: TemplateError, node: PendingNode) -> TemplateError {
        guard InternalPackages.macroFiles.contains(where: { $0.path == error.location.path }) else { return error }
        var relocated = error
        relocated.diagnostic.location = node.location
        relocated.diagnostic.sourceLine = nil
        relocated.callStack = []
        return relocated
    }

    /// Evaluates a property-file argument as dbt does: strings that look like `ref(...)`, `source(...)`, `var(...)`,
    /// `env_var(...)` or `doc(...)` are expressions; other strings are templates whose single `{{ }}` keeps its type.
    private func evaluateArgument(_ literal: Literal, at location: SourceLocation) throws(TemplateError) -> Value {
        guard case .string(let text) = literal else { return Value(literal) }
        let expression =
            ArgumentExpression.looksLikeFunctionCall(text) ? text : ArgumentExpression.singleExpression(in: text)
        if let expression {
            return try environment.evaluate(expression: expression, path: location.path, location: location)
        }
        guard text.contains("{{") || text.contains("{%") else { return .string(text) }
        return .string(try environment.render(Template(source: text, path: location.path)))
    }
}
