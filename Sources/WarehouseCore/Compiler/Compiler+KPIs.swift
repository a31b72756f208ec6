import Foundation
import SQLTemplate

extension Compiler {
    /// The project's KPIs with their statements: names and routes unique, `model:` naming a model that has a
    /// relation, `sql:` rendered once with `ref()`, `source()`, `var()` and `param()`; problems go to `problems`.
    func compileKPIs(
        _ nodes: [PendingNode], macros: [PackageTemplate], inputs: SharedGlobals.Inputs, lookup: RelationLookup,
        problems: inout [CompileError.Problem]
    ) async -> [CompiledKPI] {
        guard !project.kpis.isEmpty else { return [] }
        let unique = uniqueKPIs(problems: &problems)
        let models = Dictionary(
            nodes.filter { $0.resourceType == .model }.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var compiled: [CompiledKPI] = []
        var templated: [(KPIDefinition, PendingNode)] = []
        for kpi in unique {
            switch kpi.query {
            case .model(let name):
                guard let model = models[name], let relation = model.relation,
                    model.config.materialized != "ephemeral"
                else {
                    problems.append(modelProblem(kpi, name: name, models: models))
                    continue
                }
                let (statement, bindings) = KPIStatement.model(relation, kpi)
                compiled.append(
                    CompiledKPI(definition: kpi, reads: [model.id], statement: statement, bindings: bindings))
            case .sql(let text, let firstLine):
                do {
                    templated.append((kpi, try kpiNode(kpi, text: text, firstLine: firstLine)))
                } catch {
                    problems.append(CompileError.Problem(error))
                }
            }
        }
        guard !templated.isEmpty else { return compiled }
        let options = options
        let work = templated
        let rendered = await RenderThreads.map(count: 1) { _ in
            let renderer = NodeRenderer(macros: macros, shared: inputs, lookup: lookup, options: options)
            return work.map { renderer.renderKPI($0.1, parameters: $0.0.parameters) }
        }
        for ((kpi, _), outcome) in zip(templated, rendered.first ?? []) {
            switch outcome {
            case .failure(let error): problems.append(CompileError.Problem(error))
            case .success(let query):
                if let problem = Self.queryProblem(kpi, query) {
                    problems.append(CompileError.Problem(problem))
                    continue
                }
                let (statement, bindings) = KPIStatement.wrapped(
                    query.sql.trimmingCharacters(in: .whitespacesAndNewlines), kpi,
                    query.placeholders.map { .parameter($0) })
                compiled.append(
                    CompiledKPI(definition: kpi, reads: query.parents, statement: statement, bindings: bindings))
            }
        }
        return compiled.sorted { $0.name < $1.name }
    }

    /// The KPIs whose name and route no earlier KPI took, reporting the others.
    private func uniqueKPIs(problems: inout [CompileError.Problem]) -> [KPIDefinition] {
        var names: [String: SourceLocation] = [:]
        var routes: [String: (KPIRoute, SourceLocation)] = [:]
        var unique: [KPIDefinition] = []
        for kpi in project.kpis {
            if let earlier = names[kpi.name] {
                problems.append(
                    CompileError.Problem(
                        Diagnostic(
                            location: kpi.location, message: "KPI '\(kpi.name)' is already defined at \(earlier)",
                            help: "rename one of them")))
                continue
            }
            if let (route, earlier) = routes[kpi.route.shape] {
                problems.append(
                    CompileError.Problem(
                        Diagnostic(
                            location: kpi.location,
                            message: "KPI '\(kpi.name)' answers on \(kpi.route), which the KPI at \(earlier) "
                                + "already answers on (\(route))",
                            help: "give one of them another `path:`")))
                continue
            }
            names[kpi.name] = kpi.location
            routes[kpi.route.shape] = (kpi.route, kpi.location)
            unique.append(kpi)
        }
        return unique
    }

    private func modelProblem(_ kpi: KPIDefinition, name: String, models: [String: PendingNode])
        -> CompileError.Problem
    {
        let message: String
        let help: String
        if let model = models[name] {
            message = "KPI '\(kpi.name)' reads model '\(name)', which is ephemeral and has no relation to query"
            help = "materialize '\(model.name)' as a view or table, or read it with `sql:` and ref()"
        } else {
            message = "KPI '\(kpi.name)' reads model '\(name)', but no model has that name"
            help =
                ClosestName.help(for: name, among: models.keys)
                ?? "set `model:` to a model of the project, or read other relations with `sql:` and ref()/source()"
        }
        return CompileError.Problem(Diagnostic(location: kpi.location, message: message, help: help))
    }

    /// A node standing for the KPI's query while it renders: a model of the root project named after the KPI.
    private func kpiNode(_ kpi: KPIDefinition, text: String, firstLine: Int) throws(TemplateError) -> PendingNode {
        // Blank lines before the query make template positions those of the property file.
        let source = String(repeating: "\n", count: max(firstLine - 1, 0)) + text
        return PendingNode(
            id: NodeID(.model, package: project.name, name: "kpi__" + kpi.name), name: kpi.name,
            resourceType: .model, packageName: project.name, path: kpi.location.path,
            fqn: [project.name, "kpis", kpi.name], rawCode: text,
            template: try Template(source: source, path: kpi.location.path),
            config: NodeConfig(defaultsFor: .model), location: kpi.location)
    }

    /// What is wrong with a rendered KPI query: a statement that cannot be a subquery, or a declared parameter it
    /// never places.
    private static func queryProblem(_ kpi: KPIDefinition, _ query: NodeRenderer.KPIQuery) -> Diagnostic? {
        let trimmed = query.sql.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasSuffix(";") {
            return Diagnostic(
                location: kpi.location, message: "the `sql` of KPI '\(kpi.name)' ends with `;`",
                help: "remove the `;`: the query is read as a subquery, to be paged")
        }
        if trimmed.isEmpty {
            return Diagnostic(
                location: kpi.location, message: "the `sql` of KPI '\(kpi.name)' is empty",
                help: "write a select statement")
        }
        for parameter in kpi.parameters where !query.placeholders.contains(parameter.name) {
            return Diagnostic(
                location: parameter.location,
                message: "KPI '\(kpi.name)' declares parameter '\(parameter.name)', but its `sql` never places it",
                help: "use {{ param('\(parameter.name)') }} where the value belongs, or remove the parameter")
        }
        return nil
    }
}
