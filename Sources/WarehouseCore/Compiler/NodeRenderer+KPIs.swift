import SQLTemplate

extension NodeRenderer {
    /// A KPI query as rendered: its SQL with `$n` placeholders, the parameter each placeholder binds, what it reads.
    struct KPIQuery: Sendable {
        var sql: String
        /// The parameter of `$1`, `$2`, ...: each in the order the query first places it.
        var placeholders: [String]
        var parents: [NodeID]
    }

    /// Renders a KPI's `sql:` (as `node`'s template) with `param(name)`, which places the parameter as a typed bind
    /// placeholder (`$1::date`) and never as its value; the same parameter placed twice reuses its placeholder.
    func renderKPI(_ node: PendingNode, parameters: [KPIParameter]) -> Result<KPIQuery, TemplateError> {
        let placeholders = KPIPlaceholders(parameters)
        let param = NativeFunction(name: "param") { arguments throws(TemplateError) in
            let name = try arguments.string(at: 0, named: "name")
            guard let placeholder = placeholders.place(name) else {
                throw arguments.error(
                    "param('\(name)') names no parameter of this KPI",
                    help: ClosestName.help(for: name, among: parameters.map(\.name))
                        ?? "declare it under the KPI's `parameters:`")
            }
            return .string(placeholder)
        }
        switch render(node, withGlobals: ["param": .function(param)]) {
        case .failure(let error): return .failure(error)
        case .success(let outcome) where outcome.needsDatabase:
            return .failure(
                TemplateError(
                    kind: .other,
                    diagnostic: Diagnostic(
                        location: node.location,
                        message: "the `sql` of KPI '\(node.name)' queries the database "
                            + "while rendering (run_query, statement or an adapter method)",
                        help: "a KPI query is rendered once, when the server starts, without a database: "
                            + "write the SQL without introspection")))
        case .success(let outcome):
            return .success(KPIQuery(sql: outcome.sql, placeholders: placeholders.order, parents: outcome.parents))
        }
    }
}

/// The placeholders a KPI render hands out, one per parameter, numbered in first-use order.
private final class KPIPlaceholders {
    private let types: [String: String]
    private(set) var order: [String] = []

    init(_ parameters: [KPIParameter]) {
        types = Dictionary(parameters.map { ($0.name, $0.type.postgresType) }) { first, _ in first }
    }

    func place(_ name: String) -> String? {
        guard let type = types[name] else { return nil }
        if !order.contains(name) { order.append(name) }
        let index = (order.firstIndex(of: name) ?? 0) + 1
        return "$\(index)::\(type)"
    }
}
