/// The SQL text of KPI statements: identifiers from the definition, quoted; values only as placeholders.
enum KPIStatement {
    /// `select * from <relation> where <filters> order by <order> limit $n offset $m` for a `model:` KPI.
    ///
    /// A filter whose value may be absent reads `($1::date is null or "col" >= $1::date)`: one statement for every
    /// request, which Postgres plans with the bound values (an unnamed statement), so the test costs nothing.
    static func model(_ relation: Relation, _ kpi: KPIDefinition) -> (String, [KPIBinding]) {
        var bindings: [KPIBinding] = []
        var filters: [String] = []
        for parameter in kpi.parameters {
            bindings.append(.parameter(parameter.name))
            let placeholder = "$\(bindings.count)::\(parameter.type.postgresType)"
            let comparison = "\(Relation.quote(parameter.column)) \(parameter.comparison.rawValue) \(placeholder)"
            let mayBeAbsent = !parameter.required && parameter.defaultValue == nil
            filters.append(mayBeAbsent ? "(\(placeholder) is null or \(comparison))" : comparison)
        }
        var sql = "select * from \(relation)"
        if !filters.isEmpty { sql += "\nwhere " + filters.joined(separator: "\n    and ") }
        return page(sql, kpi, bindings)
    }

    /// The query of a `sql:` KPI as a subquery, ordered by the KPI's `order_by` (else as the query orders it) and
    /// paged.
    static func wrapped(_ sql: String, _ kpi: KPIDefinition, _ bindings: [KPIBinding]) -> (String, [KPIBinding]) {
        page("select * from (\n\(sql)\n) as kpi", kpi, bindings)
    }

    private static func page(_ sql: String, _ kpi: KPIDefinition, _ bindings: [KPIBinding]) -> (String, [KPIBinding]) {
        var sql = sql
        if !kpi.orderBy.isEmpty {
            sql +=
                "\norder by "
                + kpi.orderBy.map { Relation.quote($0.column) + ($0.descending ? " desc" : "") }.joined(separator: ", ")
        }
        sql += "\nlimit $\(bindings.count + 1) offset $\(bindings.count + 2)"
        return (sql, bindings + [.limitPlusOne, .offset])
    }
}
