import PostgresClient
import SQLTemplate
import WarehouseCore

/// Runs one node's statements on a connection, turning each failure into a ``ModelExecutionError`` of its phase.
struct ModelStatements {
    let node: ExecutionNode
    let connection: Connection
    /// Renders a post-hook just before it runs (``MaterializationContext/renderPostHook``).
    var renderPostHook: ((Int) -> Result<String, TemplateError>)? = nil

    /// Runs a script (hooks may hold several statements).
    @discardableResult
    func execute(_ sql: String, phase: ModelExecutionError.Phase) throws(ModelExecutionError) -> QueryResult {
        do {
            return try connection.execute(sql)
        } catch {
            throw ModelExecutionError(node: node, phase: phase, cause: .postgres(error))
        }
    }

    /// Runs one statement with bound values (catalog queries).
    func query(_ sql: String, _ values: [PostgresValue?], phase: ModelExecutionError.Phase) throws(ModelExecutionError)
        -> QueryResult
    {
        do {
            return try connection.query(sql, values)
        } catch {
            throw ModelExecutionError(node: node, phase: phase, cause: .postgres(error))
        }
    }

    /// Runs `prefix + compiledSQL + suffix`, mapping an error position back onto the compiled SQL.
    ///
    /// `prefix` must end with `(` and a line break, and `suffix` start with a line break, so the compiled SQL stands
    /// on lines of its own and a trailing `-- comment` in it cannot swallow what follows.
    func runWrapped(prefix: String, suffix: String = "\n)") throws(ModelExecutionError) -> QueryResult {
        do {
            return try connection.execute(prefix + node.compiledSQL + suffix)
        } catch {
            throw rebased(error, prefixLength: prefix.unicodeScalars.count)
        }
    }

    /// The build error with its position counted from the start of the compiled SQL.
    ///
    /// Postgres counts characters, which are Unicode scalars in a UTF-8 database. Positions inside the wrapper keep
    /// the full statement.
    private func rebased(_ error: PostgresError, prefixLength: Int) -> ModelExecutionError {
        guard let position = error.position, position > prefixLength else {
            return ModelExecutionError(node: node, phase: .build, cause: .postgres(error))
        }
        var compiled = error
        // An error at the closing parenthesis (unexpected end of the model) points just past the compiled SQL.
        compiled.position = min(position - prefixLength, node.compiledSQL.unicodeScalars.count + 1)
        compiled.statement = node.compiledSQL
        return ModelExecutionError(
            node: node, phase: .build, cause: .postgres(compiled), compiledLocation: compiled.statementLocation)
    }

    /// Runs `body` in a transaction (read-only when `readOnly`), committing when it returns and rolling back when it
    /// throws.
    func inTransaction<T>(readOnly: Bool = false, _ body: () throws(ModelExecutionError) -> T)
        throws(ModelExecutionError)
        -> T
    {
        do {
            return try connection.transaction(readOnly: readOnly) { _ in try body() }
        } catch let error as ModelExecutionError {
            throw error
        } catch let error as PostgresError {
            throw ModelExecutionError(node: node, phase: .commit, cause: .postgres(error))
        } catch {
            throw ModelExecutionError(node: node, phase: .commit, cause: .refused("\(error)"))
        }
    }

    /// The kind of the relation `identifier` in the node's schema, `nil` when there is none.
    func existingKind(of identifier: String) throws(ModelExecutionError) -> RelationKind? {
        try existingKinds(of: [identifier])[identifier]
    }

    /// The kinds of those of `identifiers` that exist in the node's schema, in one catalog query.
    func existingKinds(of identifiers: [String]) throws(ModelExecutionError) -> [String: RelationKind] {
        let result = try query(
            """
            select c.relname::text, c.relkind::text from pg_catalog.pg_class c
            join pg_catalog.pg_namespace n on n.oid = c.relnamespace
            where n.nspname = $1 and c.relname = any($2::text[])
            """,
            [.string(node.relation.schema), PostgresValue.textArray(identifiers)],
            phase: .swap
        )
        var kinds: [String: RelationKind] = [:]
        for row in result {
            guard let identifier = row.string(0), let relkind = row.string(1) else { continue }
            guard let kind = RelationKind(relkind: relkind) else {
                throw ModelExecutionError(
                    node: node,
                    phase: .swap,
                    cause: .refused(
                        "\(node.relation.schema).\(identifier) exists and is not a table or view (relkind '\(relkind)'); rename or drop it"
                    )
                )
            }
            kinds[identifier] = kind
        }
        return kinds
    }

    /// `"schema"."identifier"` in the node's schema.
    func qualified(_ identifier: String) -> String {
        Relation(database: nil, schema: node.relation.schema, identifier: identifier).schemaQualified
    }
}

extension ModelStatements {
    /// The statements of `node` on the context's connection.
    init(node: ExecutionNode, context: MaterializationContext) {
        self.init(node: node, connection: context.connection, renderPostHook: context.renderPostHook)
    }
}
