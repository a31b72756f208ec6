import PostgresClient

/// A table's columns as the catalog lists them, in order: name and type as `format_type` prints it.
struct TableColumns {
    struct Column: Hashable {
        var name: String
        var type: String
    }

    let statements: ModelStatements

    /// The columns of `qualifiedName` (already quoted: `"analytics"."orders"`, `pg_temp."orders__wh_incr"`).
    func of(_ qualifiedName: String) throws(ModelExecutionError) -> [Column] {
        let rows = try statements.query(
            """
            select a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod)
            from pg_catalog.pg_attribute a
            where a.attrelid = $1::text::regclass and a.attnum > 0 and not a.attisdropped
            order by a.attnum
            """,
            [.string(qualifiedName)],
            phase: .schemaChange)
        return rows.map { Column(name: $0.string(0) ?? "", type: $0.string(1) ?? "") }
    }
}
