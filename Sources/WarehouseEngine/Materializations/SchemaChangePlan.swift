import PostgresClient

/// What `on_schema_change` does when an incremental model's columns differ from its table's.
///
/// Columns are compared by name; a column in both with another type counts as changed (retyped only by
/// `sync_all_columns`, as dbt does).
struct SchemaChangePlan {
    let mode: IncrementalConfig.SchemaChange
    /// Columns of the model's new rows that the table lacks.
    let added: [TableColumns.Column]
    /// Columns of the table that the new rows lack.
    let removed: [TableColumns.Column]
    /// Columns in both whose type differs (with the new rows' type).
    let retyped: [TableColumns.Column]
    /// The columns to insert, in order.
    let destinationColumns: [String]

    /// The plan, or the error of `on_schema_change: fail` when the columns differ.
    init(
        node: ExecutionNode, mode: IncrementalConfig.SchemaChange, target: [TableColumns.Column],
        source: [TableColumns.Column]
    ) throws(ModelExecutionError) {
        let targetNames = Set(target.map(\.name))
        let sourceTypes = Dictionary(source.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        self.mode = mode
        added = source.filter { !targetNames.contains($0.name) }
        removed = target.filter { sourceTypes[$0.name] == nil }
        retyped = target.compactMap { column in
            guard let type = sourceTypes[column.name], type != column.type else { return nil }
            return TableColumns.Column(name: column.name, type: type)
        }
        switch mode {
        case .ignore:
            destinationColumns = target.map(\.name).filter { sourceTypes[$0] != nil }
        case .fail:
            guard added.isEmpty, removed.isEmpty else {
                throw ModelExecutionError(
                    node: node, phase: .schemaChange, cause: .refused(Self.failure(added, removed)))
            }
            destinationColumns = target.map(\.name)
        case .appendNewColumns, .syncAllColumns:
            destinationColumns = source.map(\.name)
        }
    }

    /// The `alter table` statements the mode calls for on `table` (schema-qualified).
    func alterations(of table: String) -> [String] {
        switch mode {
        case .ignore, .fail:
            return []
        case .appendNewColumns:
            return added.map { "alter table \(table) add column \(quoteIdentifier($0.name)) \($0.type)" }
        case .syncAllColumns:
            return added.map { "alter table \(table) add column \(quoteIdentifier($0.name)) \($0.type)" }
                + removed.map { "alter table \(table) drop column \(quoteIdentifier($0.name))" }
                + retyped.map {
                    let name = quoteIdentifier($0.name)
                    return "alter table \(table) alter column \(name) type \($0.type) using \(name)::\($0.type)"
                }
        }
    }

    private static func failure(_ added: [TableColumns.Column], _ removed: [TableColumns.Column]) -> String {
        var parts: [String] = []
        if !added.isEmpty { parts.append("new columns " + added.map(\.name).joined(separator: ", ")) }
        if !removed.isEmpty { parts.append("removed columns " + removed.map(\.name).joined(separator: ", ")) }
        return "the model's columns differ from its table's (on_schema_change: fail): " + parts.joined(separator: "; ")
            + "; run with --full-refresh, or set on_schema_change to append_new_columns or sync_all_columns"
    }
}
