import Foundation
import Testing
import WarehouseCore
import WarehouseServer

/// The OpenAPI document of a project with KPIs of every parameter type and a Kafka source with nested columns,
/// checked against what the definitions say and by an OpenAPI 3.1 validator.
@Suite struct OpenAPIDocumentTests {
    static let files = [
        "project.yml": """
        name: p
        version: "2.1.0"
        ingest:
          kafka:
            - name: orders
              topics: [orders]
              table: bronze.order_events
              columns:
                - {name: event_id, path: event_id, type: text}
                - {name: occurred_at, path: occurred_at, type: timestamptz}
                - {name: first_line_quantity, path: lines.0.quantity, type: integer}
                - {name: first_line_price, path: lines.0.price, type: numeric}
        """,
        "models/gold/sales.sql":
            "select current_date as day, 1 as rank, 'x'::text as country, 2.50::numeric as revenue",
        "models/gold/_kpis.yml": """
        version: 2
        kpis:
          - name: sales
            description: Sales per day. Filtered by the parameters.
            model: sales
            max_rows: 500
            parameters:
              - {name: start, type: date, min: "2020-01-01", max: "2030-12-31", column: day, op: ">="}
              - {name: n, type: integer, min: 1, max: 100, default: 10, column: rank, op: "<="}
              - {name: region, type: enum, values: [north, south]}
              - {name: minimum, type: numeric, min: 0, column: revenue, op: ">="}
              - {name: country, type: text, max_length: 40, required: true}
              - {name: since, type: timestamp, column: day, op: ">="}
          - name: customer_orders
            description: One customer's orders.
            path: /api/customers/{customer_id}/orders
            sql: "select * from {{ ref('sales') }} where country = {{ param('customer_id') }}"
            parameters:
              - {name: customer_id, type: text, in: path}
        """,
    ]

    static func document(columns: [String: [OpenAPIDocument.Column]] = [:], auth: Bool = false) async throws -> JSON {
        let (project, compiled) = try await ProjectFixture.compile(files)
        return OpenAPIDocument(
            projectName: compiled.projectName, projectVersion: project.settings.version ?? "0",
            kpis: compiled.kpis.map(\.definition), columns: columns, eventSources: project.settings.ingest.kafka,
            requiresAuth: auth, serverURL: "http://127.0.0.1:8080"
        ).json
    }

    /// `document` as Foundation objects, to walk it the way a client would.
    static func object(_ document: JSON) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(document.serialized().utf8)) as? [String: Any])
    }

    @Test func kpiParametersCarryTheirTypesBoundsValuesAndDefaults() async throws {
        let spec = try Self.object(try await Self.document())
        #expect(spec["openapi"] as? String == "3.1.0")
        let paths = try #require(spec["paths"] as? [String: Any])
        #expect(Set(paths.keys) == ["/api/kpis/sales", "/api/customers/{customer_id}/orders", "/api/events/orders"])
        let sales = try #require((paths["/api/kpis/sales"] as? [String: Any])?["get"] as? [String: Any])
        #expect(sales["summary"] as? String == "Sales per day.")
        let parameters = try #require(sales["parameters"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: parameters.map { ($0["name"] as? String ?? "", $0) })
        #expect(
            parameters.compactMap { $0["name"] as? String }
                == ["start", "n", "region", "minimum", "country", "since", "limit", "offset", "format"])
        func schema(_ name: String) -> [String: Any] { byName[name]?["schema"] as? [String: Any] ?? [:] }
        #expect(schema("n")["type"] as? String == "integer")
        #expect(schema("n")["minimum"] as? Int == 1 && schema("n")["maximum"] as? Int == 100)
        #expect(schema("n")["default"] as? Int == 10)
        #expect(schema("start")["format"] as? String == "date")
        #expect((byName["start"]?["description"] as? String)?.contains("from 2020-01-01 up to 2030-12-31") == true)
        #expect(schema("region")["enum"] as? [String] == ["north", "south"])
        #expect(schema("minimum")["type"] as? String == "number" && schema("minimum")["minimum"] as? Int == 0)
        #expect(schema("country")["maxLength"] as? Int == 40 && byName["country"]?["required"] as? Bool == true)
        #expect(schema("since")["format"] as? String == "date-time")
        #expect(byName["region"]?["required"] as? Bool == false)
        #expect(schema("limit")["maximum"] as? Int == 500)

        let responses = try #require(sales["responses"] as? [String: Any])
        #expect(Set(responses.keys) == ["200", "304", "400", "404", "503", "504"])
        let orders = try #require(
            (paths["/api/customers/{customer_id}/orders"] as? [String: Any])?["get"] as? [String: Any])
        let customer = try #require((orders["parameters"] as? [[String: Any]])?.first)
        #expect(customer["in"] as? String == "path" && customer["required"] as? Bool == true)
    }

    @Test func answerRowsAreTypedByTheirColumnsAndAuthAddsItsErrors() async throws {
        let columns = [
            "sales": [
                OpenAPIDocument.Column(name: "day", type: "date"), .init(name: "rank", type: "integer"),
                .init(name: "country", type: "text"), .init(name: "revenue", type: "numeric"),
            ]
        ]
        let spec = try Self.object(try await Self.document(columns: columns, auth: true))
        let paths = try #require(spec["paths"] as? [String: Any])
        let sales = try #require((paths["/api/kpis/sales"] as? [String: Any])?["get"] as? [String: Any])
        let responses = try #require(sales["responses"] as? [String: Any])
        #expect(Set(responses.keys) == ["200", "304", "400", "401", "403", "404", "503", "504"])
        let json = try #require(
            (((responses["200"] as? [String: Any])?["content"] as? [String: Any])?["application/json"]
                as? [String: Any])?["schema"] as? [String: Any])
        let rows = try #require((json["properties"] as? [String: Any])?["rows"] as? [String: Any])
        let cells = try #require((rows["items"] as? [String: Any])?["prefixItems"] as? [[String: Any]])
        #expect(cells.compactMap { $0["title"] as? String } == ["day", "rank", "country", "revenue"])
        #expect(cells.compactMap { ($0["type"] as? [String])?.first } == ["string", "integer", "string", "number"])
        #expect(cells[0]["format"] as? String == "date")
        #expect((spec["components"] as? [String: Any])?["securitySchemes"] != nil)
    }

    @Test func eventIntakeTakesTheSourceShapeNestedByPath() async throws {
        let spec = try Self.object(try await Self.document())
        let paths = try #require(spec["paths"] as? [String: Any])
        let post = try #require((paths["/api/events/orders"] as? [String: Any])?["post"] as? [String: Any])
        let content = try #require(
            ((post["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"]
                as? [String: Any])
        let oneOf = try #require((content["schema"] as? [String: Any])?["oneOf"] as? [[String: Any]])
        let event = oneOf[0]
        #expect(event["required"] as? [String] == ["event_id", "occurred_at"])
        let properties = try #require(event["properties"] as? [String: Any])
        #expect((properties["occurred_at"] as? [String: Any])?["format"] as? String == "date-time")
        let lines = try #require(properties["lines"] as? [String: Any])
        #expect(lines["type"] as? String == "array")
        let line = try #require((lines["items"] as? [String: Any])?["properties"] as? [String: Any])
        #expect((line["quantity"] as? [String: Any])?["type"] as? String == "integer")
        #expect((line["price"] as? [String: Any])?["type"] as? String == "number")
        #expect((oneOf[1]["items"] as? [String: Any])?["properties"] != nil)
        let example = try #require(content["example"] as? [String: Any])
        #expect(((example["lines"] as? [[String: Any]])?.first?["quantity"] as? Int) == 1)
        #expect(Set((post["responses"] as? [String: Any])?.keys.map { $0 } ?? []) == ["201", "400", "413", "503"])
    }

    @Test func everyReferenceResolves() async throws {
        let document = try await Self.document(auth: true)
        var references: [String] = []
        func collect(_ value: JSON) {
            switch value {
            case .object(let members):
                if case .string(let reference)? = members["$ref"] { references.append(reference) }
                members.values.forEach(collect)
            case .array(let values): values.forEach(collect)
            default: break
            }
        }
        collect(document)
        #expect(!references.isEmpty)
        let spec = try Self.object(document)
        for reference in references {
            var node: Any? = spec
            for key in reference.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(key)] }
            #expect(node != nil, "\(reference) does not resolve")
        }
    }

    /// The document passes openapi-spec-validator (OpenAPI 3.1), installed by the script into a virtualenv.
    @Test func validatorAcceptsTheDocument() async throws {
        let columns = ["sales": [OpenAPIDocument.Column(name: "day", type: "date")]]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID()).json")
        try Data(try await Self.document(columns: columns, auth: true).serialized(pretty: true).utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [root.appendingPathComponent("scripts/validate-openapi.sh").path, file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
    }
}
