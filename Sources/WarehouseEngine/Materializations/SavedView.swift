import PostgresClient
import WarehouseCore

/// A view (or materialized view) that reads a relation about to be replaced, saved so it can be made again.
///
/// Everything that `CREATE VIEW` alone would lose is kept: the definition as Postgres prints it (with every name
/// schema-qualified, see ``DependentViews``), the storage and view options (`security_barrier`, `check_option`), the
/// owner, the privileges other roles hold, the comments on the view and its columns, and a materialized view's
/// indexes.
struct SavedView: Sendable, Hashable {
    var schema: String
    var name: String
    var kind: RelationKind
    /// The longest path, in views, from the replaced relation; a view only reads views of smaller depth.
    var depth: Int
    /// `pg_get_viewdef`, printed while only `pg_catalog` was on the search path.
    var definition: String
    /// `pg_class.reloptions` entries (`security_barrier=true`), spelled as `WITH (...)` takes them.
    var options: [String]
    var owner: String
    /// `GRANT` statements giving every role but the owner what it held.
    var grants: [String]
    var comment: String?
    /// Column name and comment.
    var columnComments: [ColumnComment]
    /// `CREATE INDEX` statements (materialized views only).
    var indexes: [String]

    struct ColumnComment: Sendable, Hashable {
        var column: String
        var comment: String
    }

    /// `schema.name`, as messages and ``MaterializationOutcome/keptDependents`` spell it.
    var displayName: String { "\(schema).\(name)" }

    /// `"schema"."name"`.
    var qualified: String { Relation(database: nil, schema: schema, identifier: name).schemaQualified }

    /// `DROP VIEW` without `cascade`: anything else still depending on it makes the swap fail rather than vanish.
    var dropStatement: String { "drop \(kind.keyword) \(qualified)" }

    /// `CREATE VIEW ... AS <query>` with the saved options; `query` is the saved definition or the model's SQL.
    func createStatement(query: String) -> String {
        let with = options.isEmpty ? "" : " with (\(options.joined(separator: ", ")))"
        return "create \(kind.keyword) \(qualified)\(with) as (\n\(query)\n)"
    }

    /// What restores ownership and privileges after the view is made again by the current role.
    func ownershipStatements(currentUser: String) -> [String] {
        (owner == currentUser ? [] : ["alter \(kind.keyword) \(qualified) owner to \(quoteIdentifier(owner))"])
            + grants
    }

    /// The comment statements for the view and for those of its columns that still exist.
    func commentStatements(existingColumns: Set<String>) -> [String] {
        var statements = comment.map { ["comment on \(kind.keyword) \(qualified) is \(quoteLiteral($0))"] } ?? []
        for entry in columnComments where existingColumns.contains(entry.column) {
            statements.append(
                "comment on column \(qualified).\(quoteIdentifier(entry.column)) is \(quoteLiteral(entry.comment))")
        }
        return statements
    }
}
