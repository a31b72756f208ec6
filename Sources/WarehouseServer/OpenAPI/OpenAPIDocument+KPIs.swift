import WarehouseCore

extension OpenAPIDocument {
    /// The GET operation of `kpi`.
    func kpiOperation(_ kpi: KPIDefinition) -> JSON {
        var operation: [String: JSON] = [
            "operationId": .string(kpi.name),
            "summary": .string(kpi.description.isEmpty ? kpi.name : Self.firstSentence(of: kpi.description)),
            "tags": JSON(["KPIs"]),
            "parameters": .array(kpi.parameters.map(parameter) + pagingParameters(maxRows: kpi.maxRows)),
            "responses": .object(
                [
                    "200": .object([
                        "description": .string("The rows, in pages of at most \(kpi.maxRows)."),
                        "content": .object([
                            "application/json": .object(["schema": answerSchema(kpi)]),
                            "text/csv": .object([
                                "schema": .object([
                                    "type": .string("string"),
                                    "description": .string("A header row, then the rows (RFC 4180)."),
                                ])
                            ]),
                        ]),
                    ]),
                    "304": .object(["description": .string("Not modified since the ETag in `If-None-Match`.")]),
                ].merging(errorReferences([400, 401, 403, 404, 503, 504])) { first, _ in first }),
        ]
        if !kpi.description.isEmpty { operation["description"] = .string(kpi.description) }
        if requiresAuth && !kpi.scopes.isEmpty {
            operation["security"] = .array([.object(["bearer": JSON(kpi.scopes)])])
        }
        return .object(operation)
    }

    /// A declared parameter, typed with its bounds, values and default.
    private func parameter(_ parameter: KPIParameter) -> JSON {
        var schema: [String: JSON]
        switch parameter.type {
        case .date: schema = ["type": .string("string"), "format": .string("date")]
        case .timestamp: schema = ["type": .string("string"), "format": .string("date-time")]
        case .integer: schema = ["type": .string("integer")]
        case .numeric: schema = ["type": .string("number")]
        case .text: schema = ["type": .string("string"), "maxLength": .int(parameter.maxLength)]
        case .enum: schema = ["type": .string("string"), "enum": JSON(parameter.values)]
        }
        var bounds: [String] = []
        for (key, value) in [("minimum", parameter.minimum), ("maximum", parameter.maximum)] {
            guard let value else { continue }
            if let number = Self.number(value, of: parameter.type) {
                schema[key] = number
            } else {
                bounds.append(key == "minimum" ? "from \(value)" : "up to \(value)")
            }
        }
        if let value = parameter.defaultValue {
            schema["default"] = Self.number(value, of: parameter.type) ?? .string(value)
        }
        let description = ([parameter.description] + (bounds.isEmpty ? [] : [bounds.joined(separator: " ")]))
            .filter { !$0.isEmpty }.joined(separator: "; ")
        var entry: [String: JSON] = [
            "name": .string(parameter.name), "in": .string(parameter.place.rawValue),
            "required": .bool(parameter.place == .path || parameter.required), "schema": .object(schema),
        ]
        if !description.isEmpty { entry["description"] = .string(description) }
        return .object(entry)
    }

    /// `limit`, `offset` and `format`, which every KPI takes.
    private func pagingParameters(maxRows: Int) -> [JSON] {
        [
            .object([
                "name": .string("limit"), "in": .string("query"), "required": .bool(false),
                "description": .string("Rows per page."),
                "schema": .object([
                    "type": .string("integer"), "minimum": .int(1), "maximum": .int(maxRows), "default": .int(maxRows),
                ]),
            ]),
            .object([
                "name": .string("offset"), "in": .string("query"), "required": .bool(false),
                "description": .string("Rows to skip: the `next` link sets it."),
                "schema": .object(["type": .string("integer"), "minimum": .int(0), "default": .int(0)]),
            ]),
            .object([
                "name": .string("format"), "in": .string("query"), "required": .bool(false),
                "description": .string("`csv` answers as `Accept: text/csv` does."),
                "schema": .object([
                    "type": .string("string"), "enum": JSON(["json", "csv"]), "default": .string("json"),
                ]),
            ]),
        ]
    }

    /// The JSON answer: the KPI's name, the build time, the columns, the rows as arrays (typed per column when the
    /// columns are known) and the paging.
    private func answerSchema(_ kpi: KPIDefinition) -> JSON {
        var rowSchema: [String: JSON] = ["type": .string("array")]
        if let columns = columns[kpi.name] {
            rowSchema["prefixItems"] = .array(columns.map { Self.valueSchema($0) })
            rowSchema["minItems"] = .int(columns.count)
            rowSchema["items"] = .bool(false)
        }
        var columnsSchema: [String: JSON] = [
            "type": .string("array"), "items": .object(["$ref": .string("#/components/schemas/Column")]),
        ]
        if let columns = columns[kpi.name] {
            columnsSchema["description"] = .string(
                "Here: " + columns.map { "\($0.name) (\($0.type))" }.joined(separator: ", ") + ".")
        }
        let nullableString = JSON(["string", "null"])
        return .object([
            "type": .string("object"),
            "required": JSON(["kpi", "built_at", "columns", "rows", "limit", "offset", "next"]),
            "properties": .object([
                "kpi": .object(["const": .string(kpi.name)]),
                "built_at": .object([
                    "type": nullableString, "format": .string("date-time"),
                    "description": .string("When the build that produced these rows finished; null if never built."),
                ]),
                "columns": .object(columnsSchema),
                "rows": .object(["type": .string("array"), "items": .object(rowSchema)]),
                "limit": .object(["type": .string("integer")]),
                "offset": .object(["type": .string("integer")]),
                "next": .object([
                    "type": nullableString, "description": .string("The next page's URL; null on the last page."),
                ]),
            ]),
        ])
    }

    /// How a value of a column of Postgres type `column.type` is written: numbers as JSON numbers (decimals with
    /// their exact digits), dates and timestamps as ISO 8601 strings, NULL as null.
    static func valueSchema(_ column: Column) -> JSON {
        let type = column.type.lowercased()
        var schema: [String: JSON] = ["title": .string(column.name)]
        switch type {
        case "smallint", "integer", "bigint", "int2", "int4", "int8":
            schema["type"] = JSON(["integer", "null"])
        case _
        where type.hasPrefix("numeric") || type.hasPrefix("decimal") || type == "real"
            || type == "double precision" || type == "float4" || type == "float8":
            schema["type"] = JSON(["number", "null"])
        case "boolean", "bool":
            schema["type"] = JSON(["boolean", "null"])
        case "date":
            schema["type"] = JSON(["string", "null"])
            schema["format"] = .string("date")
        case _ where type.hasPrefix("timestamp"):
            schema["type"] = JSON(["string", "null"])
            schema["format"] = .string("date-time")
        default:
            schema["type"] = JSON(["string", "null"])
        }
        return .object(schema)
    }

    /// `text` as a JSON number when `type` is numeric and it parses; nil otherwise.
    private static func number(_ text: String, of type: KPIParameter.ValueType) -> JSON? {
        switch type {
        case .integer: Int(text).map(JSON.int)
        case .numeric: Double(text).map(JSON.double)
        default: nil
        }
    }

    /// Up to the first `. `, for an operation's one-line summary.
    static func firstSentence(of text: String) -> String {
        let line = text.split(separator: "\n").first.map(String.init) ?? text
        guard let end = line.firstRange(of: ". ") else { return line }
        return String(line[..<end.lowerBound]) + "."
    }
}
