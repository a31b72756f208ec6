import SQLTemplate

/// The database side of one render worker's template context: whether templates may query (`execute`), the
/// connection when the node renders just before it runs, and the results `statement` blocks stored for
/// `load_result`.
///
/// While compiling there is no connection: the first query a template makes records that the node needs the
/// database and stops its render; the node then renders again when it runs (see ``DeferredRendering``).
final class IntrospectionSession {
    /// dbt's `execute`: false while the graph is made (configuration renders), true when rendering SQL.
    var execute = true
    var database: (any DatabaseAccess)?
    /// Set when a template queried without a connection; the render that did is not kept.
    private(set) var neededDatabase = false
    /// Results of named statements; `nil` once `load_result` read one, as dbt refuses to read it twice.
    private var results: [String: Value?] = [:]

    /// Forgets what the previous node's render did.
    func reset(execute: Bool) {
        self.execute = execute
        neededDatabase = false
        results = [:]
    }

    /// Runs `sql` on the node's connection; `what` names the caller in the message when there is none.
    func run(_ sql: String, parameters: [String] = [], for what: String, at arguments: Arguments)
        throws(TemplateError) -> QueryTable
    {
        guard let database else {
            neededDatabase = true
            throw arguments.error(
                "\(what) needs the database, which is not in reach while compiling",
                help: "this node renders just before it runs: `wh run`/`wh build` render it with the database")
        }
        do {
            return try database.run(sql, parameters: parameters)
        } catch {
            throw arguments.error(
                "\(what) failed: \(error.message)",
                help: "the SQL sent was:\n"
                    + error.sql.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        }
    }

    /// Keeps a statement's result for `load_result(name)`: dbt's `{response, data, table}`.
    func store(_ table: QueryTable, named name: String) {
        let tableObject = QueryTableObject(table)
        let words = table.status.split(separator: " ")
        let response = StatementResponse(
            message: table.status, code: words.first.map(String.init) ?? "", rowsAffected: table.rowsAffected ?? -1)
        let data = Value.list(
            tableObject.rows.map { row in
                guard case .object(let object) = row, let sequence = object as? MappedSequenceObject else { return row }
                return .list(ListStorage(sequence.values, isTuple: true))
            })
        results[name] = .dict([("response", .object(response)), ("data", data), ("table", .object(tableObject))])
    }

    /// The stored result of `name`: `none` when no statement of that name ran.
    func load(_ name: String, at arguments: Arguments) throws(TemplateError) -> Value {
        guard let stored = results[name] else { return .none }
        guard let result = stored else {
            throw arguments.error(
                "the result of statement '\(name)' was already loaded",
                help: "keep what load_result('\(name)') returned in a variable instead of loading it twice")
        }
        if name != "main" { results[name] = .some(nil) }
        return result
    }
}

/// dbt's AdapterResponse: prints as the command tag (`SELECT 3`), with `code` and `rows_affected`.
final class StatementResponse: TemplateObject {
    let message: String
    let code: String
    let rowsAffected: Int

    init(message: String, code: String, rowsAffected: Int) {
        self.message = message
        self.code = code
        self.rowsAffected = rowsAffected
    }

    var renderedString: String { message }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "_message": .string(message)
        case "code": .string(code)
        case "rows_affected": .int(rowsAffected)
        default: nil
        }
    }
}
