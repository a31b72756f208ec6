public import WarehouseCore

/// The compiled SQL of every view model in the project, by relation, selected or not.
///
/// When a replaced relation has a view on it that is one of these models, the view is made again from this SQL
/// (see ``DependentViews``), so a run that does not select the view still leaves it as the project defines it.
public struct ProjectViews: Sendable {
    private struct Key: Hashable, Sendable {
        var schema: String
        var name: String
    }

    private let sql: [Key: String]

    /// The views among `nodes`: the nodes materialized as views, with their compiled SQL.
    public init(_ views: [(relation: Relation, compiledSQL: String)]) {
        var sql: [Key: String] = [:]
        for view in views {
            sql[Key(schema: view.relation.schema, name: view.relation.identifier)] = view.compiledSQL
        }
        self.sql = sql
    }

    /// No project views: every dependent view is made again from its saved definition.
    public static let none = ProjectViews([])

    /// The compiled SQL of the view model `schema.name`, `nil` when no view model has that relation.
    func compiledSQL(schema: String, name: String) -> String? {
        sql[Key(schema: schema, name: name)]
    }
}
