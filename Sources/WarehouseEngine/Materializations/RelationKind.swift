/// The kinds of relation a model may replace, with the keyword their DDL takes.
enum RelationKind: Sendable, Hashable {
    case table
    case view
    case materializedView
    case foreignTable

    /// The kind of a `pg_class.relkind`; `nil` for kinds a model must never replace (indexes, sequences, types).
    init?(relkind: String) {
        switch relkind {
        case "r", "p": self = .table
        case "v": self = .view
        case "m": self = .materializedView
        case "f": self = .foreignTable
        default: return nil
        }
    }

    /// The word after `ALTER` or `DROP`.
    var keyword: String {
        switch self {
        case .table: "table"
        case .view: "view"
        case .materializedView: "materialized view"
        case .foreignTable: "foreign table"
        }
    }
}
