import SQLTemplate

/// The template globals that reach the database, as dbt offers them: `run_query`, `statement` (a call block),
/// `load_result`, `load_relation`, the `adapter`'s catalog methods, and `api` (`api.Relation`, `api.Column`).
///
/// They all go through one ``IntrospectionSession``: while compiling there is no connection, so the first query
/// defers the node to run time; when `execute` is false (configuration renders) `statement` runs nothing and
/// `run_query` gives undefined, as in dbt.
struct IntrospectionGlobals {
    let session: IntrospectionSession
    /// The database `get_relation` names relations in when the template gives none (`target.database`).
    let database: String

    /// `run_query`, `statement`, `load_result`, `load_relation` and `api`; `environment` renders call blocks.
    func globals(environment: Environment) -> [String: Value] {
        [
            "run_query": function("run_query") { [session] arguments throws(TemplateError) in
                let sql = arguments.value(at: 0, named: "sql")?.renderedString ?? ""
                guard session.execute else { return .undefined("run_query() while execute is false") }
                return .object(QueryTableObject(try session.run(sql, for: "run_query()", at: arguments)))
            },
            "statement": function("statement") { [session, weak environment] arguments throws(TemplateError) in
                guard session.execute, let environment else { return .string("") }
                let name = arguments.value(at: 0, named: "name").flatMap(\.stringValue)
                let fetch = arguments.value(at: 1, named: "fetch_result")?.isTruthy ?? false
                guard let caller = arguments.keyword("caller") else {
                    throw arguments.error(
                        "statement() is a call block",
                        help: "write {% call statement('name') %} select ... {% endcall %}")
                }
                // A `return()` in the body ends `statement` with its value and runs nothing, as dbt's macro-return
                // exception does (dbt-utils' get_column_values returns its default that way).
                let body = try environment.call(caller, arguments: Arguments(location: arguments.location))
                guard !environment.lastCallReturned else { return body }
                let sql = body.renderedString
                var table = try session.run(sql, for: "statement '\(name ?? "")'", at: arguments)
                // Without fetch_result dbt keeps an empty table: no columns, no rows.
                if !fetch { (table.columnNames, table.columnTypes, table.rows) = ([], [], []) }
                if let name { session.store(table, named: name) }
                return .string("")
            },
            "load_result": function("load_result") { [session] arguments throws(TemplateError) in
                try session.load(try arguments.string(at: 0, named: "name"), at: arguments)
            },
            "load_relation": function("load_relation") { [self] arguments throws(TemplateError) in
                try loadRelation(try relationArgument(arguments, at: 0, named: "relation"), at: arguments)
            },
            "api": .object(
                CatalogNamespace([
                    "Relation": .object(RelationClassObject()), "Column": .object(ColumnClassObject()),
                ])),
        ]
    }

    /// The adapter's methods that read or change the catalog, and `type()`.
    var adapterMethods: [String: Value] {
        [
            "type": function("type") { _ in .string("postgres") },
            "get_columns_in_relation": function("get_columns_in_relation") { [self] arguments throws(TemplateError) in
                let relation = try relationArgument(arguments, at: 0, named: "relation")
                return .list(try columns(of: relation, at: arguments).map(Value.object))
            },
            "get_columns_in_table": function("get_columns_in_table") { [self] arguments throws(TemplateError) in
                let relation = RelationObject(
                    path: .init(
                        database: database, schema: try arguments.string(at: 0, named: "schema"),
                        identifier: try arguments.string(at: 1, named: "identifier")))
                return .list(try columns(of: relation, at: arguments).map(Value.object))
            },
            "get_relation": function("get_relation") { [self] arguments throws(TemplateError) in
                let databaseName = arguments.value(at: 0, named: "database").flatMap(\.stringValue) ?? database
                return try relation(
                    database: databaseName, schema: try arguments.string(at: 1, named: "schema"),
                    identifier: try arguments.string(at: 2, named: "identifier"), at: arguments)
            },
            "load_relation": function("load_relation") { [self] arguments throws(TemplateError) in
                try loadRelation(try relationArgument(arguments, at: 0, named: "relation"), at: arguments)
            },
            "get_missing_columns": function("get_missing_columns") { [self] arguments throws(TemplateError) in
                let from = try columns(
                    of: try relationArgument(arguments, at: 0, named: "from_relation"), at: arguments)
                let to = Set(
                    try columns(of: try relationArgument(arguments, at: 1, named: "to_relation"), at: arguments)
                        .map(\.column))
                return .list(from.filter { !to.contains($0.column) }.map(Value.object))
            },
            "drop_relation": function("drop_relation") { [self] arguments throws(TemplateError) in
                try drop(try relationArgument(arguments, at: 0, named: "relation"), at: arguments)
                return .string("")
            },
            "check_schema_exists": function("check_schema_exists") { [session] arguments throws(TemplateError) in
                let table = try session.run(
                    "select count(*)::int from pg_catalog.pg_namespace where nspname = $1",
                    parameters: [try arguments.string(at: 1, named: "schema")], for: "adapter.check_schema_exists()",
                    at: arguments)
                return .bool(table.rows.first?.first != .int(0))
            },
            "already_exists": function("already_exists") { [self] arguments throws(TemplateError) in
                let found = try relation(
                    database: database, schema: try arguments.string(at: 0, named: "schema"),
                    identifier: try arguments.string(at: 1, named: "name"), at: arguments)
                return .bool(!found.isNone)
            },
            "truncate_relation": function("truncate_relation") { [self] arguments throws(TemplateError) in
                let relation = try relationArgument(arguments, at: 0, named: "relation")
                try execute(
                    "truncate table \(Self.sqlName(of: relation))", for: "adapter.truncate_relation()", at: arguments)
                return .none
            },
            "rename_relation": function("rename_relation") { [self] arguments throws(TemplateError) in
                let from = try relationArgument(arguments, at: 0, named: "from_relation")
                let to = try relationArgument(arguments, at: 1, named: "to_relation")
                try execute(
                    "alter table \(Self.sqlName(of: from)) rename to \(Relation.quote(to.path.identifier ?? ""))",
                    for: "adapter.rename_relation()", at: arguments)
                return .none
            },
            "create_schema": function("create_schema") { [self] arguments throws(TemplateError) in
                let relation = try relationArgument(arguments, at: 0, named: "relation")
                try execute(
                    "create schema if not exists \(Relation.quote(relation.path.schema ?? ""))",
                    for: "adapter.create_schema()", at: arguments)
                return .none
            },
            "drop_schema": function("drop_schema") { [self] arguments throws(TemplateError) in
                let relation = try relationArgument(arguments, at: 0, named: "relation")
                try execute(
                    "drop schema if exists \(Relation.quote(relation.path.schema ?? "")) cascade",
                    for: "adapter.drop_schema()", at: arguments)
                return .none
            },
        ]
    }

    private func function(_ name: String, _ body: @escaping (Arguments) throws(TemplateError) -> Value) -> Value {
        .function(NativeFunction(name: name, body))
    }

    private func relationArgument(_ arguments: Arguments, at index: Int, named name: String) throws(TemplateError)
        -> RelationObject
    {
        guard case .object(let object)? = arguments.value(at: index, named: name),
            let relation = object as? RelationObject
        else {
            let given = arguments.value(at: index, named: name)?.representation ?? "nothing"
            throw arguments.error(
                "argument '\(name)' must be a relation, not \(given)",
                help: "pass ref('model'), source('source', 'table') or api.Relation.create(...)", kind: .typeMismatch)
        }
        return relation
    }

    /// dbt-postgres's columns of a relation: from `information_schema.columns`, in column order.
    private func columns(of relation: RelationObject, at arguments: Arguments) throws(TemplateError) -> [ColumnObject] {
        var sql = """
            select column_name::text, data_type::text, character_maximum_length::int, numeric_precision::int,
                numeric_scale::int
            from information_schema.columns where table_name = $1
            """
        var parameters = [relation.path.identifier ?? ""]
        if let schema = relation.path.schema, !schema.isEmpty {
            sql += " and table_schema = $2"
            parameters.append(schema)
        }
        let table = try session.run(
            sql + " order by ordinal_position", parameters: parameters, for: "adapter.get_columns_in_relation()",
            at: arguments)
        return table.rows.map { row in
            ColumnObject(
                column: row[0].stringValue ?? "", dtype: row[1].stringValue ?? "", charSize: Value(row[2]).integer,
                numericPrecision: Value(row[3]), numericScale: Value(row[4]))
        }
    }

    /// The relation of that name as the catalog has it, with its type; `none` when there is none.
    private func relation(database: String, schema: String, identifier: String, at arguments: Arguments)
        throws(TemplateError) -> Value
    {
        let table = try session.run(
            """
            select case c.relkind when 'v' then 'view' when 'm' then 'materialized_view' else 'table' end
            from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
            where c.relkind in ('r', 'p', 'v', 'm') and n.nspname = $1 and c.relname = $2
            """, parameters: [schema, identifier],
            for: "adapter.get_relation()", at: arguments)
        guard let type = table.rows.first?.first?.stringValue else { return .none }
        return .object(
            RelationObject(path: .init(database: database, schema: schema, identifier: identifier), type: type))
    }

    /// dbt's `load_relation`: the relation as the catalog has it (with its type), or `none` when it does not exist.
    private func loadRelation(_ relation: RelationObject, at arguments: Arguments) throws(TemplateError) -> Value {
        guard let schema = relation.path.schema, let identifier = relation.path.identifier else { return .none }
        return try self.relation(
            database: relation.path.database ?? database, schema: schema, identifier: identifier, at: arguments)
    }

    /// The relation as a statement names it: without the database, which Postgres allows only when it is the
    /// connection's own.
    private static func sqlName(of relation: RelationObject) -> String {
        relation.relation?.schemaQualified ?? relation.rendering
    }

    /// Runs a statement that changes the catalog.
    private func execute(_ sql: String, for what: String, at arguments: Arguments) throws(TemplateError) {
        _ = try session.run(sql, for: what, at: arguments)
    }

    /// `drop <type> if exists <relation> cascade`, as dbt-postgres drops; the type must be known, as dbt requires.
    private func drop(_ relation: RelationObject, at arguments: Arguments) throws(TemplateError) {
        guard let type = relation.type, ["table", "view", "materialized_view"].contains(type) else {
            throw arguments.error(
                "cannot drop \(relation.renderedString): its type is \(relation.type ?? "not known")",
                help: "drop a relation adapter.get_relation(...) or load_relation(...) returned, which knows its type")
        }
        let keyword = type == "materialized_view" ? "materialized view" : type
        let target = Self.sqlName(of: relation)
        try execute("drop \(keyword) if exists \(target) cascade", for: "adapter.drop_relation()", at: arguments)
    }
}

/// A fixed set of named values (`api`), read by attribute.
final class CatalogNamespace: TemplateObject {
    private let values: [String: Value]

    init(_ values: [String: Value]) { self.values = values }

    var renderedString: String { "<api>" }

    func attribute(_ name: String) -> Value? { values[name] }
}

/// `api.Relation`: `create(database=, schema=, identifier=, type=)`, the type names, `add_ephemeral_prefix`.
final class RelationClassObject: TemplateObject {
    var renderedString: String { "<class 'dbt.adapters.postgres.relation.PostgresRelation'>" }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "Table": .string("table")
        case "View": .string("view")
        case "CTE": .string("cte")
        case "MaterializedView": .string("materialized_view")
        case "External": .string("external")
        case "create":
            .function(
                NativeFunction(name: name) { arguments in
                    func part(_ index: Int, _ name: String) -> String? {
                        guard let value = arguments.value(at: index, named: name), !value.isNone, !value.isUndefined
                        else { return nil }
                        return value.renderedString
                    }
                    return .object(
                        RelationObject(
                            path: .init(
                                database: part(0, "database"), schema: part(1, "schema"),
                                identifier: part(2, "identifier")), type: part(3, "type")))
                })
        case "add_ephemeral_prefix":
            .function(
                NativeFunction(name: name) { arguments in
                    .string(
                        EphemeralInjection.cteName(for: arguments.value(at: 0, named: "name")?.renderedString ?? ""))
                })
        default: nil
        }
    }
}
