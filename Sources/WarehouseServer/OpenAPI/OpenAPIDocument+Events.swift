import WarehouseCore

extension OpenAPIDocument {
    /// The POST operation taking events for a Kafka source: one event or an array, shaped by the source's declared
    /// columns (a column's `path` such as `lines.0.quantity` nests objects and arrays).
    func eventOperation(_ source: KafkaSourceSettings) -> JSON {
        let fields = source.columns.map {
            Field(path: $0.pathComponents[...], type: $0.type, required: $0.isRequired)
        }
        let event = Self.objectSchema(fields)
        let topics = source.topics.joined(separator: ", ")
        var responses: [String: JSON] = [
            "201": .object([
                "description": .string("Every event was acknowledged by the broker."),
                "content": .object([
                    "application/json": .object([
                        "schema": .object([
                            "type": .string("object"), "required": JSON(["count", "topic", "events"]),
                            "properties": .object([
                                "count": .object(["type": .string("integer")]),
                                "topic": .object(["type": .string("string")]),
                                "events": .object([
                                    "type": .string("array"),
                                    "items": .object([
                                        "type": .string("object"),
                                        "properties": .object([
                                            "partition": .object(["type": .string("integer")]),
                                            "offset": .object(["type": JSON(["integer", "null"])]),
                                        ]),
                                    ]),
                                ]),
                            ]),
                        ])
                    ])
                ]),
            ]),
            "413": .object([
                "description": .string("The body is larger than `serve.max_body_bytes`."),
                "content": .object([
                    "application/json": .object(["schema": .object(["$ref": .string("#/components/schemas/Error")])])
                ]),
            ]),
        ]
        responses.merge(errorReferences([400, 401, 403, 503])) { first, _ in first }
        return .object([
            "operationId": .string("post_\(source.name)_events"),
            "summary": .string("Send events to the `\(source.name)` source (Kafka topic \(topics))."),
            "description": .string(
                "One event or an array of events. They are checked against the source's declared columns, produced "
                    + "to Kafka, and answered once the broker acknowledged every one; `wh ingest kafka` then loads "
                    + "them into \(source.table)."),
            "tags": JSON(["Events"]),
            "requestBody": .object([
                "required": .bool(true),
                "content": .object([
                    "application/json": .object([
                        "schema": .object([
                            "oneOf": .array([event, .object(["type": .string("array"), "items": event])])
                        ]),
                        "example": Self.example(fields),
                    ])
                ]),
            ]),
            "responses": .object(responses),
        ])
    }

    /// A declared column as the request body sees it: the path left to walk.
    struct Field {
        var path: ArraySlice<String>
        var type: String
        var required: Bool
    }

    /// An object holding `fields`, grouped by their first path component in declared order.
    private static func objectSchema(_ fields: [Field]) -> JSON {
        let groups = grouped(fields)
        var properties: [String: JSON] = [:]
        for (name, group) in groups { properties[name] = valueSchema(group) }
        let required = groups.filter { $0.fields.contains(where: \.required) }.map(\.name)
        var schema: [String: JSON] = ["type": .string("object"), "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = JSON(required) }
        return .object(schema)
    }

    /// The value at a path component: a leaf of the column's type, an array when the next component is an index,
    /// else an object.
    private static func valueSchema(_ fields: [Field]) -> JSON {
        if let leaf = fields.first(where: { $0.path.isEmpty }) { return leafSchema(leaf.type) }
        if let items = elements(fields) { return .object(["type": .string("array"), "items": valueSchema(items)]) }
        return objectSchema(fields)
    }

    /// `fields` by their first path component, in declared order, with that component dropped.
    private static func grouped(_ fields: [Field]) -> [(name: String, fields: [Field])] {
        var groups: [(name: String, fields: [Field])] = []
        for field in fields {
            guard let name = field.path.first else { continue }
            let rest = Field(path: field.path.dropFirst(), type: field.type, required: field.required)
            if let index = groups.firstIndex(where: { $0.name == name }) {
                groups[index].fields.append(rest)
            } else {
                groups.append((name, [rest]))
            }
        }
        return groups
    }

    /// When every field's next component is an array index: the fields inside the array's elements.
    private static func elements(_ fields: [Field]) -> [Field]? {
        guard fields.allSatisfy({ $0.path.first.map { Int($0) != nil } ?? false }) else { return nil }
        return fields.map { Field(path: $0.path.dropFirst(), type: $0.type, required: $0.required) }
    }

    private static func leafSchema(_ type: String) -> JSON {
        let type = type.lowercased()
        switch type {
        case "smallint", "integer", "bigint", "int", "int2", "int4", "int8":
            return .object(["type": .string("integer")])
        case "boolean", "bool": return .object(["type": .string("boolean")])
        case "json", "jsonb": return .object([:])
        case "date": return .object(["type": .string("string"), "format": .string("date")])
        case _
        where type.hasPrefix("numeric") || type.hasPrefix("decimal") || type == "real" || type.hasPrefix("double")
            || type.hasPrefix("float"):
            return .object(["type": .string("number")])
        case _ where type.hasPrefix("timestamp"):
            return .object(["type": .string("string"), "format": .string("date-time")])
        default: return .object(["type": .string("string")])
        }
    }

    /// An event with a placeholder value for every declared column, for the docs page's form.
    private static func example(_ fields: [Field]) -> JSON {
        var members: [String: JSON] = [:]
        for (name, group) in grouped(fields) {
            if let leaf = group.first(where: { $0.path.isEmpty }) {
                members[name] = exampleValue(leaf.type, name: name)
            } else if let items = elements(group) {
                members[name] = .array([example(items)])
            } else {
                members[name] = example(group)
            }
        }
        return .object(members)
    }

    private static func exampleValue(_ type: String, name: String) -> JSON {
        switch leafSchema(type) {
        case .object(let schema) where schema["type"] == .string("integer"): .int(1)
        case .object(let schema) where schema["type"] == .string("number"): .double(1.5)
        case .object(let schema) where schema["type"] == .string("boolean"): .bool(true)
        case .object(let schema) where schema["format"] == .string("date-time"): .string("2026-01-01T00:00:00Z")
        case .object(let schema) where schema["format"] == .string("date"): .string("2026-01-01")
        default: .string("example-\(name)")
        }
    }
}
