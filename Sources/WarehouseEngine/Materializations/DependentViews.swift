import PostgresClient
import WarehouseCore

/// Keeps the views that read a relation while that relation is replaced, inside the replacing transaction.
///
/// Postgres binds a view to the relation it read, not to its name, so the old relation cannot be dropped while
/// views read it, and dropping it with `cascade` would take them away from their readers. Instead the views are
/// saved, dropped deepest first, and made again over the new relation shallowest first, all before `COMMIT`:
/// readers see the old views or the new ones, never none.
///
/// Dropping them first is also the lock order: a reader of a view locks the view, then what it reads; the swap
/// takes each view's lock before the lock on the relation under it, so the two cannot deadlock. (`LOCK TABLE` on a
/// view is not used: it also locks everything the view reads, which would make the swap wait for unrelated builds.)
///
/// A view that is a model of the project is made again from its compiled SQL (so `select *` picks up new columns);
/// when that no longer works over the new relation, from its saved definition; a view the project does not own,
/// from its saved definition. When neither fits, the replacement fails naming the view and the reason, and rolls
/// back with the old relation and every view intact.
struct DependentViews {
    let statements: ModelStatements
    /// Compiled SQL of the project's view models, by relation.
    let projectViews: ProjectViews

    /// Whether any view reads `identifier` (in the node's schema).
    ///
    /// Only `pg_depend` and `pg_rewrite` are read, never a view itself, so this is safe while another swap drops and
    /// makes views again (reading a view's definition then can fail with "could not open relation").
    func exist(of identifier: String) throws(ModelExecutionError) -> Bool {
        let result = try statements.query(
            """
            select exists (
                select from pg_catalog.pg_depend d join pg_catalog.pg_rewrite r on r.oid = d.objid
                where d.classid = 'pg_catalog.pg_rewrite'::regclass and d.refclassid = 'pg_catalog.pg_class'::regclass
                    and d.refobjid = $1::regclass and r.ev_class <> d.refobjid)
            """, [.string(statements.qualified(identifier))], phase: .swap)
        return result.first?.string(0) == "t"
    }

    /// Every view that reads `identifier` (in the node's schema), directly or through other views, shallowest first.
    func capture(of identifier: String) throws(ModelExecutionError) -> [SavedView] {
        // With only pg_catalog on the search path, pg_get_viewdef qualifies every name it prints, so the saved
        // definitions mean the same thing whatever search path the session had. Rolling back to the savepoint
        // restores the session's path; the query changed nothing. Two round trips: captures are frequent.
        let connection = statements.connection
        let result: QueryResult
        do {
            result = try connection.execute(
                "savepoint wh_capture; set local search_path = pg_catalog; "
                    + Self.catalogQuery(of: quoteLiteral(statements.qualified(identifier))))
            try connection.execute("rollback to savepoint wh_capture; release savepoint wh_capture")
        } catch {
            throw ModelExecutionError(node: statements.node, phase: .swap, cause: .postgres(error))
        }
        return try result.map { row throws(ModelExecutionError) in
            guard let schema = row.string(0), let name = row.string(1), let relkind = row.string(2),
                let kind = RelationKind(relkind: relkind), let definition = row.string(4), let owner = row.string(5)
            else {
                throw ModelExecutionError(
                    node: statements.node, phase: .swap, cause: .refused("could not read a dependent view's definition")
                )
            }
            return SavedView(
                schema: schema, name: name, kind: kind, depth: row.string(3).flatMap { Int($0) } ?? 1,
                definition: definition.trimmingTrailingSemicolon(),
                options: Self.lines(row.string(6)), owner: owner, grants: Self.lines(row.string(7)),
                comment: row.string(8),
                columnComments: Self.pairs(row.string(9)).map { SavedView.ColumnComment(column: $0, comment: $1) },
                indexes: Self.lines(row.string(10)))
        }
    }

    /// Drops the views, deepest first (the reader-compatible lock order, and no view is dropped under another).
    func drop(_ views: [SavedView]) throws(ModelExecutionError) {
        for view in views.reversed() {
            try statements.execute(view.dropStatement, phase: .swap)
        }
    }

    /// Makes the views again over whatever their names now resolve to, shallowest first, with their privileges
    /// and comments.
    func recreate(_ views: [SavedView]) throws(ModelExecutionError) {
        guard !views.isEmpty else { return }
        let currentUser = try statements.query("select current_user::text", [], phase: .swap).first?.string(0) ?? ""
        for view in views {
            try create(view)
            for statement in view.ownershipStatements(currentUser: currentUser) + view.indexes {
                try statements.execute(statement, phase: .swap)
            }
            if view.comment != nil || !view.columnComments.isEmpty {
                let columns = try statements.query(
                    """
                    select attname::text from pg_catalog.pg_attribute
                    where attrelid = $1::regclass and attnum > 0 and not attisdropped
                    """,
                    [.string(view.qualified)], phase: .swap)
                for statement in view.commentStatements(existingColumns: Set(columns.compactMap { $0.string(0) })) {
                    try statements.execute(statement, phase: .swap)
                }
            }
        }
    }

    /// Creates one view from the project's SQL when it is a model and that still works, else from its definition.
    private func create(_ view: SavedView) throws(ModelExecutionError) {
        var modelError: PostgresError?
        if view.kind == .view, let sql = projectViews.compiledSQL(schema: view.schema, name: view.name) {
            do {
                try attempt(view.createStatement(query: sql))
                return
            } catch {
                modelError = error
            }
        }
        do {
            try withCatalogSearchPath { () throws(PostgresError) in
                try attempt(view.createStatement(query: view.definition))
            }
        } catch {
            let reason = modelError.map { "with its model's SQL: \($0.message); with its saved definition: " } ?? ""
            throw ModelExecutionError(
                node: statements.node, phase: .swap,
                cause: .dependentView(view.displayName, reason: reason + error.message, error: error))
        }
    }

    /// Runs `sql` under a savepoint, so a failure leaves the transaction usable for the next attempt.
    private func attempt(_ sql: String) throws(PostgresError) {
        let connection = statements.connection
        try connection.execute("savepoint wh_dependent_view")
        do {
            try connection.execute(sql)
            try connection.execute("release savepoint wh_dependent_view")
        } catch {
            _ = try connection.execute("rollback to savepoint wh_dependent_view")
            throw error
        }
    }

    /// Runs `body` with only `pg_catalog` on the search path (how the saved definitions are printed and read back),
    /// then puts the session's search path back.
    private func withCatalogSearchPath<T>(_ body: () throws(PostgresError) -> T) throws(PostgresError) -> T {
        let connection = statements.connection
        let searchPath = try connection.query("select current_setting('search_path')").first?.string(0) ?? ""
        try connection.execute("set local search_path = pg_catalog")
        defer { _ = try? connection.query("select set_config('search_path', $1, true)", [.string(searchPath)]) }
        return try body()
    }

    private static func lines(_ text: String?) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// `column\u{1}comment` lines, as the catalog query writes them.
    private static func pairs(_ text: String?) -> [(String, String)] {
        guard let text, !text.isEmpty else { return [] }
        return text.split(separator: "\u{2}", omittingEmptySubsequences: true).compactMap { entry in
            let parts = entry.split(separator: "\u{1}", maxSplits: 1, omittingEmptySubsequences: false)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }
    }

    /// The dependent views of the relation named by the SQL literal `relation`, with their depth and everything
    /// ``SavedView`` keeps, shallowest first.
    ///
    /// Dependencies run through each view's rewrite rule (`pg_rewrite`) in `pg_depend`.
    private static func catalogQuery(of relation: String) -> String {
        """
        with recursive dependents(oid, depth) as (
            select r.ev_class, 1 from pg_catalog.pg_depend d
            join pg_catalog.pg_rewrite r on r.oid = d.objid
            where d.classid = 'pg_catalog.pg_rewrite'::regclass and d.refclassid = 'pg_catalog.pg_class'::regclass
                and d.refobjid = \(relation)::regclass and r.ev_class <> d.refobjid
            union
            select r.ev_class, p.depth + 1 from dependents p
            join pg_catalog.pg_depend d on d.refobjid = p.oid
                and d.classid = 'pg_catalog.pg_rewrite'::regclass and d.refclassid = 'pg_catalog.pg_class'::regclass
            join pg_catalog.pg_rewrite r on r.oid = d.objid
            where r.ev_class <> p.oid
        ), deepest as (
            select oid, max(depth) as depth from dependents group by oid
        )
        select n.nspname::text, c.relname::text, c.relkind::text, x.depth,
            pg_catalog.pg_get_viewdef(c.oid),
            pg_catalog.pg_get_userbyid(c.relowner)::text,
            array_to_string(c.reloptions, E'\\n'),
            (select string_agg(format('grant %s on %I.%I to %s%s', a.privilege_type, n.nspname, c.relname,
                    case when a.grantee = 0 then 'public' else quote_ident(pg_catalog.pg_get_userbyid(a.grantee)) end,
                    case when a.is_grantable then ' with grant option' else '' end), E'\\n' order by a.grantee, a.privilege_type)
                from pg_catalog.aclexplode(c.relacl) a where a.grantee <> c.relowner),
            pg_catalog.obj_description(c.oid, 'pg_class'),
            (select string_agg(a.attname || E'\\x01' || pg_catalog.col_description(c.oid, a.attnum), E'\\x02' order by a.attnum)
                from pg_catalog.pg_attribute a
                where a.attrelid = c.oid and a.attnum > 0 and pg_catalog.col_description(c.oid, a.attnum) is not null),
            (select string_agg(pg_catalog.pg_get_indexdef(i.indexrelid), E'\\n' order by i.indexrelid)
                from pg_catalog.pg_index i where i.indrelid = c.oid)
        from deepest x
        join pg_catalog.pg_class c on c.oid = x.oid
        join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        order by x.depth, n.nspname, c.relname
        """
    }
}

extension String {
    /// The text without the `;` that `pg_get_viewdef` ends with (a view's query is wrapped in parentheses).
    fileprivate func trimmingTrailingSemicolon() -> String {
        var text = Substring(self)
        while let last = text.last, last == ";" || last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
