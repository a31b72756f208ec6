import SQLTemplate

/// dbt's Relation as templates see it: what `ref()`, `source()`, `this`, `api.Relation.create(...)` and
/// `adapter.get_relation(...)` give.
///
/// Like dbt-postgres's relation it is a mapping (`is mapping`, `.get('metadata')`, which dbt-utils checks), has a
/// path of three optional parts, an optional type, and policies saying which parts print and which are quoted.
/// Methods that change it (`include`, `quote`, `incorporate`) return a new relation.
///
/// In a microbatch model, an input that declares `event_time` prints as dbt's filtered subquery,
/// `(select * from <relation> where <event_time> >= '<start>' and <event_time> < '<end>') _dbt_et_filter_subq_<name>`
/// (see ``MicrobatchWindow``); `.render()` gives the relation unfiltered, dbt's way out of the filter.
final class RelationObject: TemplateObject {
    /// The three parts, in printing order; `nil` where a part is absent.
    struct Path: Equatable {
        var database: String?
        var schema: String?
        var identifier: String?
    }

    /// One flag per part, as dbt's `Policy`.
    struct Policy: Equatable {
        var database = true
        var schema = true
        var identifier = true
    }

    let path: Path
    /// `table`, `view`, `cte`, `materialized_view`, ...; `nil` when unknown (as for `ref()` and `this` in dbt).
    let type: String?
    let includePolicy: Policy
    let quotePolicy: Policy
    /// The input's `event_time` column when the relation is read by a microbatch model: rows are filtered to the batch.
    let eventTimeFilter: String?

    init(
        path: Path, type: String? = nil, include: Policy = Policy(), quote: Policy = Policy(),
        eventTimeFilter: String? = nil
    ) {
        self.path = path
        self.type = type
        self.includePolicy = include
        self.quotePolicy = quote
        self.eventTimeFilter = eventTimeFilter
    }

    /// A relation of the warehouse, of unknown type.
    convenience init(_ relation: Relation, type: String? = nil) {
        self.init(
            path: Path(database: relation.database, schema: relation.schema, identifier: relation.identifier),
            type: type)
    }

    /// What `ref()` gives for an ephemeral model: dbt's CTE relation, `__dbt__cte__<name>`, unquoted.
    static func cte(named name: String) -> RelationObject {
        RelationObject(
            path: Path(database: nil, schema: nil, identifier: name), type: "cte",
            quote: Policy(database: true, schema: true, identifier: false))
    }

    /// The relation `ref()`/`source()` give for a lookup target, filtered to the batch on `eventTimeFilter`.
    static func target(_ relation: Relation, cteName: String?, eventTimeFilter: String? = nil) -> RelationObject {
        let plain = cteName.map(cte(named:)) ?? RelationObject(relation)
        guard let eventTimeFilter else { return plain }
        return plain.replacing(
            path: plain.path, type: plain.type, include: plain.includePolicy, quote: plain.quotePolicy,
            eventTimeFilter: eventTimeFilter)
    }

    /// What `{{ relation }}` prints: the rendering, or the batch's filtered subquery of it.
    var renderedString: String {
        guard let eventTimeFilter else { return rendering }
        return "(select * from \(rendering) where \(MicrobatchWindow.predicate(on: eventTimeFilter)))"
            + " _dbt_et_filter_subq_\(path.identifier ?? "")"
    }

    /// A relation like this one with other parts, keeping its batch filter.
    private func replacing(
        path: Path, type: String?, include: Policy, quote: Policy, eventTimeFilter: String?? = nil
    ) -> RelationObject {
        RelationObject(
            path: path, type: type, include: include, quote: quote,
            eventTimeFilter: eventTimeFilter ?? self.eventTimeFilter)
    }

    /// The parts that print, each quoted where the quote policy says so, joined by dots (dbt's `render()`).
    var rendering: String {
        let parts: [(String?, Bool, Bool)] = [
            (path.database, includePolicy.database, quotePolicy.database),
            (path.schema, includePolicy.schema, quotePolicy.schema),
            (path.identifier, includePolicy.identifier, quotePolicy.identifier),
        ]
        return parts.compactMap { part, included, quoted in
            guard included, let part else { return nil }
            return quoted ? "\"\(part)\"" : part
        }.joined(separator: ".")
    }

    /// The warehouse relation this names, when it has a schema and an identifier.
    var relation: Relation? {
        guard let schema = path.schema, let identifier = path.identifier else { return nil }
        return Relation(database: path.database, schema: schema, identifier: identifier)
    }

    var isMapping: Bool { true }

    /// dbt compares relations by all their fields: path, type and policies.
    func equals(_ other: any TemplateObject) -> Bool {
        guard let other = other as? RelationObject else { return false }
        return path == other.path && type == other.type && includePolicy == other.includePolicy
            && quotePolicy == other.quotePolicy
    }

    var iterationValues: [Value]? {
        ["path", "type", "quote_character", "include_policy", "quote_policy"].map(Value.string)
    }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "database": optional(path.database)
        case "schema": optional(path.schema)
        case "identifier", "name", "table": optional(path.identifier)
        case "type": optional(type)
        case "is_table": .bool(type == "table")
        case "is_view": .bool(type == "view")
        case "is_cte": .bool(type == "cte")
        case "is_materialized_view": .bool(type == "materialized_view")
        case "quote_character": .string("\"")
        case "path":
            .dict([
                ("database", optional(path.database)), ("schema", optional(path.schema)),
                ("identifier", optional(path.identifier)),
            ])
        case "include_policy": Self.policyValue(includePolicy)
        case "quote_policy": Self.policyValue(quotePolicy)
        case "render": method(name) { relation, _ in .string(relation.rendering) }
        case "include": method(name) { relation, arguments in .object(relation.with(include: arguments)) }
        case "quote": method(name) { relation, arguments in .object(relation.with(quote: arguments)) }
        case "incorporate":
            method(name) { relation, arguments throws(TemplateError) in
                .object(try relation.incorporating(arguments))
            }
        case "replace_path":
            method(name) { relation, arguments throws(TemplateError) in
                .object(
                    try relation.incorporating(
                        Arguments(keyword: [("path", .dict(arguments.keyword))], location: arguments.location)))
            }
        case "without_identifier":
            method(name) { relation, _ in
                .object(
                    relation.replacing(
                        path: Path(database: relation.path.database, schema: relation.path.schema, identifier: nil),
                        type: relation.type,
                        include: Policy(
                            database: relation.includePolicy.database, schema: relation.includePolicy.schema,
                            identifier: false), quote: relation.quotePolicy))
            }
        case "information_schema":
            method(name) { relation, arguments in
                .object(relation.informationSchema(view: arguments.value(at: 0, named: "view_name")?.stringValue))
            }
        case "get":
            method(name) { relation, arguments in
                guard let key = arguments.value(at: 0, named: "key")?.stringValue else { return .none }
                if key == "metadata" { return .dict([("type", .string("PostgresRelation"))]) }
                return relation.attribute(key) ?? arguments.value(at: 1, named: "default") ?? .none
            }
        default: nil
        }
    }

    private func optional(_ text: String?) -> Value { text.map(Value.string) ?? .none }

    private func method(
        _ name: String, _ body: @escaping (RelationObject, Arguments) throws(TemplateError) -> Value
    ) -> Value {
        .function(NativeFunction(name: name) { [self] arguments throws(TemplateError) in try body(self, arguments) })
    }

    private static func policyValue(_ policy: Policy) -> Value {
        .dict([
            ("database", .bool(policy.database)), ("schema", .bool(policy.schema)),
            ("identifier", .bool(policy.identifier)),
        ])
    }

    /// `policy` with the parts named in `arguments` (positional in dbt's order, or by name) set; `none` keeps a part.
    private static func policy(_ policy: Policy, changedBy arguments: Arguments) -> Policy {
        var changed = policy
        func flag(_ index: Int, _ name: String) -> Bool? {
            guard let value = arguments.value(at: index, named: name), !value.isNone, !value.isUndefined else {
                return nil
            }
            return value.isTruthy
        }
        if let database = flag(0, "database") { changed.database = database }
        if let schema = flag(1, "schema") { changed.schema = schema }
        if let identifier = flag(2, "identifier") { changed.identifier = identifier }
        return changed
    }

    private func with(include arguments: Arguments) -> RelationObject {
        replacing(
            path: path, type: type, include: Self.policy(includePolicy, changedBy: arguments), quote: quotePolicy)
    }

    private func with(quote arguments: Arguments) -> RelationObject {
        replacing(
            path: path, type: type, include: includePolicy, quote: Self.policy(quotePolicy, changedBy: arguments))
    }

    /// dbt's `incorporate(path={...}, type=...)`: the given path parts and type replace this relation's.
    private func incorporating(_ arguments: Arguments) throws(TemplateError) -> RelationObject {
        var newPath = path
        if let parts = arguments.keyword("path") {
            guard case .dict(let storage) = parts else {
                throw arguments.error("incorporate(path=...) expects a dict of database, schema and identifier")
            }
            for (key, value) in storage {
                let text = value.isNone ? nil : value.renderedString
                switch key {
                case "database": newPath.database = text
                case "schema": newPath.schema = text
                case "identifier": newPath.identifier = text
                default: throw arguments.error("a relation's path has no part '\(key)'", kind: .wrongArguments)
                }
            }
        }
        var newType = type
        if let value = arguments.keyword("type") { newType = value.isNone ? nil : value.renderedString }
        return replacing(path: newPath, type: newType, include: includePolicy, quote: quotePolicy)
    }

    /// `"database".INFORMATION_SCHEMA.view`, as dbt's `InformationSchema` prints for the catalog macros; the view
    /// name follows the identifier unquoted, and the schema is left out.
    private func informationSchema(view: String?) -> RelationObject {
        RelationObject(
            path: Path(
                database: path.database, schema: nil,
                identifier: "INFORMATION_SCHEMA" + (view.map { ".\($0)" } ?? "")),
            type: "view",
            include: Policy(database: path.database != nil, schema: false, identifier: true),
            quote: Policy(database: quotePolicy.database, schema: quotePolicy.schema, identifier: false))
    }
}
