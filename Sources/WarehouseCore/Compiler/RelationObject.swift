import SQLTemplate

/// What `ref()`, `source()` and `this` give a template: prints as the quoted relation name and answers
/// `.schema`, `.identifier`, `.name`, `.database` like dbt's Relation.
final class RelationObject: TemplateObject {
    let relation: Relation
    /// Set for ephemeral models: the relation prints as the CTE name that is injected into the consumer.
    let cteName: String?

    init(_ relation: Relation, cteName: String? = nil) {
        self.relation = relation
        self.cteName = cteName
    }

    var renderedString: String { cteName ?? relation.description }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "database": relation.database.map(Value.string) ?? Value.none
        case "schema": .string(relation.schema)
        case "identifier", "name", "table": .string(relation.identifier)
        case "is_cte": .bool(cteName != nil)
        case "render":
            .function(NativeFunction(name: "render") { [renderedString] _ in .string(renderedString) })
        case "include":
            .function(
                NativeFunction(name: "include") { [relation, cteName] arguments throws(TemplateError) in
                    let keepDatabase = arguments.value(at: 0, named: "database")?.isTruthy ?? true
                    let keepSchema = arguments.value(at: 1, named: "schema")?.isTruthy ?? true
                    let narrowed = Relation(
                        database: keepDatabase ? relation.database : nil,
                        schema: relation.schema,
                        identifier: relation.identifier)
                    guard keepSchema else { return .string(Relation.quote(relation.identifier)) }
                    return .object(RelationObject(narrowed, cteName: cteName))
                })
        default: nil
        }
    }
}
