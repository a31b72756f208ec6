import WarehouseCore

/// Refuses a snapshot whose configuration names a column its query does not return (`check_cols`, a timestamp
/// strategy's `updated_at`, a `unique_key` that is a plain column name), at the snapshot's definition, with the
/// closest column; Postgres would otherwise fail somewhere inside `wh`'s own SQL.
struct SnapshotColumnCheck {
    let statements: ModelStatements
    let plan: SnapshotPlan

    func check(query columns: [String]) throws(ModelExecutionError) {
        let config = plan.config
        var named: [(key: String, column: String)] = config.uniqueKey.map { ("unique_key", $0) }
        switch config.strategy {
        case .timestamp(let updatedAt): named.append(("updated_at", updatedAt))
        case .check(let checkColumns, let updatedAt):
            named += (checkColumns ?? []).map { ("check_cols", $0) }
            named += updatedAt.map { [("updated_at", $0)] } ?? []
        }
        let available = Set(columns.map { $0.lowercased() })
        for (key, column) in named where Self.isPlainName(column) && !available.contains(column.lowercased()) {
            let closest = ClosestName.help(for: column, among: columns).map { "; \($0)" } ?? ""
            throw ModelExecutionError(
                node: statements.node, phase: .snapshot,
                cause: .refused(
                    "\(key) names '\(column)', which the snapshot's query does not return (it returns "
                        + columns.joined(separator: ", ") + ")\(closest)"),
                sourceLocation: plan.location)
        }
    }

    /// An unquoted SQL name: anything else (an expression, a quoted name) is left to Postgres.
    private static func isPlainName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }
}
