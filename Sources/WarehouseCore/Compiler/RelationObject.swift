import SQLTemplate

/// What `ref()`, `source()` and `this` give a template: prints as the quoted relation name and answers
/// `.schema`, `.identifier`, `.name`, `.database` like dbt's Relation.
///
/// In a microbatch model, an input that declares `event_time` prints as dbt's filtered subquery,
/// `(select * from <relation> where <event_time> >= '<start>' and <event_time> < '<end>') _dbt_et_filter_subq_<name>`
/// (see ``MicrobatchWindow``); `.render()` gives the relation unfiltered, dbt's way out of the filter.
final class RelationObject: TemplateObject {
    let relation: Relation
    /// Set for ephemeral models: the relation prints as the CTE name that is injected into the consumer.
    let cteName: String?
    /// The input's `event_time` column when the relation is read by a microbatch model: rows are filtered to the batch.
    let eventTimeFilter: String?

    init(_ relation: Relation, cteName: String? = nil, eventTimeFilter: String? = nil) {
        self.relation = relation
        self.cteName = cteName
        self.eventTimeFilter = eventTimeFilter
    }

    /// The relation as `.render()` gives it: never filtered.
    private var plainRendering: String { cteName ?? relation.description }

    var renderedString: String {
        guard let eventTimeFilter else { return plainRendering }
        return "(select * from \(plainRendering) where \(MicrobatchWindow.predicate(on: eventTimeFilter)))"
            + " _dbt_et_filter_subq_\(relation.identifier)"
    }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "database": relation.database.map(Value.string) ?? Value.none
        case "schema": .string(relation.schema)
        case "identifier", "name", "table": .string(relation.identifier)
        case "is_cte": .bool(cteName != nil)
        case "render":
            .function(NativeFunction(name: "render") { [plainRendering] _ in .string(plainRendering) })
        case "include":
            .function(
                NativeFunction(name: "include") {
                    [relation, cteName, eventTimeFilter] arguments throws(TemplateError) in
                    let keepDatabase = arguments.value(at: 0, named: "database")?.isTruthy ?? true
                    let keepSchema = arguments.value(at: 1, named: "schema")?.isTruthy ?? true
                    let narrowed = Relation(
                        database: keepDatabase ? relation.database : nil,
                        schema: relation.schema,
                        identifier: relation.identifier)
                    guard keepSchema else { return .string(Relation.quote(relation.identifier)) }
                    return .object(RelationObject(narrowed, cteName: cteName, eventTimeFilter: eventTimeFilter))
                })
        default: nil
        }
    }
}
