import Foundation
import SQLTemplate

extension Compiler {
    /// The unit test nodes of the project: each model named by a `unit_tests:` entry rendered again with its inputs
    /// read from CTEs and the test's overrides, as dbt does; problems are collected in `problems`.
    ///
    /// A unit test is a `test` node (materialized `unit`) whose parents are the model's parents, so a build runs it
    /// once its inputs' relations exist (their columns type the rows) and before the model, which waits for it.
    func compileUnitTests(
        _ nodes: [PendingNode], compiled: [NodeID: CompiledNode], macros: [PackageTemplate],
        inputs: SharedGlobals.Inputs,
        lookup: RelationLookup, problems: inout [CompileError.Problem]
    ) async -> [CompiledNode] {
        guard !project.unitTests.isEmpty else { return [] }
        let models = Dictionary(
            nodes.filter { $0.resourceType == .model }.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var prepared: [(test: UnitTestDefinition, model: PendingNode, plan: UnitTestPlan, lookup: RelationLookup)] = []
        for test in project.unitTests {
            guard let model = models[test.model], let compiledModel = compiled[model.id] else {
                problems.append(
                    CompileError.Problem(
                        Diagnostic(
                            location: test.location,
                            message: "unit test '\(test.name)' tests model '\(test.model)', but no model has that name",
                            help: ClosestName.help(for: test.model, among: models.keys)
                                ?? "set `model:` to the name of a model of the project")))
                continue
            }
            if let (plan, testLookup) = unitTestPlan(test, model: compiledModel, lookup: lookup, problems: &problems) {
                prepared.append((test, model, plan, testLookup))
            }
        }
        guard !prepared.isEmpty else { return [] }
        let options = options
        let work = prepared
        let batches: [[Result<String, TemplateError>]] = await RenderThreads.map(count: 1) { _ in
            let renderer = NodeRenderer(macros: macros, shared: inputs, lookup: lookup, options: options)
            return work.map { entry in
                let this = entry.plan.inputs.first { $0.input.trimmingCharacters(in: .whitespaces) == "this" }
                    .map { Value.object(RelationObject.target($0.relation, cteName: $0.cteName)) }
                return renderer.renderUnitTest(
                    entry.model, lookup: entry.lookup, overrides: entry.test.overrides, this: this)
            }
        }
        let rendered = batches.first ?? []
        var result: [CompiledNode] = []
        for (entry, outcome) in zip(prepared, rendered) {
            switch outcome {
            case .failure(let error): problems.append(CompileError.Problem(error))
            case .success(let sql):
                var plan = entry.plan
                plan.modelSQL = sql
                result.append(unitTestNode(entry.test, plan: plan, model: compiled[entry.model.id]))
            }
        }
        return result
    }

    /// The plan of `test` but for the rendered SQL, and the lookup that reads its inputs from CTEs; nil after
    /// reporting an input that is not in the project, a parent of the model without an input, or a bad fixture.
    private func unitTestPlan(
        _ test: UnitTestDefinition, model: CompiledNode, lookup: RelationLookup, problems: inout [CompileError.Problem]
    ) -> (UnitTestPlan, RelationLookup)? {
        var testLookup = lookup
        var planInputs: [UnitTestPlan.Input] = []
        var given: Set<NodeID> = []
        var failed = false
        func fail(_ location: SourceLocation, _ message: String, help: String?) {
            problems.append(CompileError.Problem(Diagnostic(location: location, message: message, help: help)))
            failed = true
        }
        for input in test.given {
            let target: Result<RelationLookup.Target, Diagnostic>
            let cteName: String
            switch UnitTestInputReference(parsing: input.input) {
            case .this:
                guard let relation = model.relation else { continue }
                target = .success(RelationLookup.Target(id: model.id, relation: relation))
                cteName = EphemeralInjection.cteName(for: model.name)
            case .ref(let name):
                target = lookup.ref(name, package: nil, at: input.location)
                cteName = EphemeralInjection.cteName(for: name)
                if case .success(var found) = target {
                    found.cteName = cteName
                    testLookup.byName[name] = found
                }
            case .source(let source, let table):
                target = lookup.source(source, table, at: input.location)
                cteName = EphemeralInjection.cteName(for: "\(source)__\(table)")
                let key = RelationLookup.SourceKey(source: source, table: table)
                if case .success(var found) = target {
                    found.cteName = cteName
                    testLookup.bySource[key] = found
                }
            case nil:
                fail(
                    input.location,
                    "unit test '\(test.name)' has an input '\(input.input)' that is no ref, source or this",
                    help: "write `input: ref('model')`, `input: source('source', 'table')` or `input: this`")
                continue
            }
            switch target {
            case .failure(let diagnostic):
                fail(
                    input.location,
                    "unit test '\(test.name)' has an input \(input.input) that is not in the project: "
                        + diagnostic.message, help: diagnostic.help)
            case .success(let found):
                given.insert(found.id)
                guard let rows = resolvedRows(input.rows, test: test, fail: fail) else { continue }
                planInputs.append(
                    UnitTestPlan.Input(input: input.input, cteName: cteName, relation: found.relation, rows: rows))
            }
        }
        for parent in model.dependsOn where !given.contains(parent) {
            let call =
                parent.resourceType == .source
                ? "source('\(parent.rawValue.split(separator: ".").dropFirst(2).joined(separator: "', '"))')"
                : "ref('\(parent.rawValue.split(separator: ".").last ?? "")')"
            fail(
                test.location, "unit test '\(test.name)' gives no input for \(call), which model '\(model.name)' reads",
                help: "add `- input: \(call)` under `given:` with its rows (`rows: []` for none)")
        }
        guard let expected = resolvedRows(test.expect, test: test, fail: fail), !failed else { return nil }
        let plan = UnitTestPlan(
            model: model.id, modelName: model.name, modelSQL: "", inputs: planInputs, expected: expected)
        return (plan, testLookup)
    }

    /// `rows` with a `fixture:` read from the test paths' `fixtures/` folders.
    private func resolvedRows(
        _ rows: UnitTestRows, test: UnitTestDefinition, fail: (SourceLocation, String, String?) -> Void
    ) -> UnitTestRows? {
        guard let fixture = rows.fixture else { return rows }
        let fileName = "\(fixture).\(rows.format.rawValue)"
        guard let file = project.fixtureFiles.first(where: { $0.path.hasSuffix("/fixtures/" + fileName) }) else {
            let folder = (project.settings.testPaths.first ?? "tests") + "/fixtures"
            fail(
                rows.location, "unit test '\(test.name)' names fixture '\(fixture)', but there is no \(fileName)",
                "add \(folder)/\(fileName)")
            return nil
        }
        var resolved = rows
        resolved.fixture = nil
        switch rows.format {
        case .sql: resolved.sql = file.text
        case .csv:
            guard let parsed = UnitTestRows.csvRows(file.text) else {
                fail(
                    SourceLocation(path: file.path, line: 1, column: 1),
                    "fixture \(file.path) is not CSV with a header line and rows of as many values",
                    "write a header line, then one line per row with as many values")
                return nil
            }
            resolved.rows = parsed
        case .dict: return nil
        }
        return resolved
    }

    private func unitTestNode(_ test: UnitTestDefinition, plan: UnitTestPlan, model: CompiledNode?) -> CompiledNode {
        var config = NodeConfig(defaultsFor: .test)
        config.materialized = "unit"
        let rawCode = plan.modelSQL
        return CompiledNode(
            id: NodeID("unit_test.\(project.name).\(test.model).\(test.name)"), name: test.name, resourceType: .test,
            packageName: project.name, path: test.location.path, fqn: [project.name, test.model, test.name],
            config: config, relation: nil, rawCode: rawCode, compiledCode: plan.modelSQL,
            dependsOn: model?.dependsOn ?? [], checksum: SHA256.hexDigest(rawCode), description: test.description,
            columns: [], testMetadata: nil, sourceLines: [], preHooks: [], postHooks: [], compiledFileName: nil,
            location: test.location, unitTest: plan)
    }
}

/// What a unit test's `input:` names.
private enum UnitTestInputReference {
    case this
    case ref(String)
    case source(String, String)

    /// `this`, `ref('name')`, `ref('package', 'name')` or `source('source', 'table')`; nil for anything else.
    init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "this" {
            self = .this
            return
        }
        guard let open = trimmed.firstIndex(of: "("), trimmed.hasSuffix(")") else { return nil }
        let function = trimmed[..<open].trimmingCharacters(in: .whitespaces)
        let arguments = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let strings = arguments.compactMap { argument -> String? in
            guard argument.count >= 2, let quote = argument.first, quote == "'" || quote == "\"",
                argument.last == quote
            else { return nil }
            return String(argument.dropFirst().dropLast())
        }
        guard strings.count == arguments.count else { return nil }
        switch (function, strings.count) {
        case ("ref", 1): self = .ref(strings[0])
        case ("ref", 2): self = .ref(strings[1])
        case ("source", 2): self = .source(strings[0], strings[1])
        default: return nil
        }
    }
}
