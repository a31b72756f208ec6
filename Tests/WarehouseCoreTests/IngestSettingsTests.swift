import SQLTemplate
import Testing
import WarehouseCore

/// `ingest:` in the project file: the shape others code against, its defaults, and located errors for bad input.
@Suite struct IngestSettingsTests {
    private func load(_ yaml: String, file: String = "project.yml") throws -> ProjectSettings {
        let project = try TemporaryProject([file: "name: p\n" + yaml])
        return try ProjectLoader.load(root: project.root, cliVars: nil).settings
    }

    /// The load's error diagnostics as `line:column: message [help]`.
    private func problems(_ yaml: String) throws -> [String] {
        do {
            _ = try load(yaml)
            return []
        } catch let error as ProjectError {
            let result = error.diagnostics.filter { $0.severity == .error }.map {
                "\($0.location.line):\($0.location.column): \($0.message)" + ($0.help.map { " [\($0)]" } ?? "")
            }
            return result
        }
    }

    private let full = """
        ingest:
          kafka:
            - name: orders
              brokers: "{{ env_var('WH_KAFKA_BROKERS', '') }}"
              topics: [orders, returns]
              format: json
              table: bronze.order_events
              columns:
                - {name: event_id, path: event_id, type: text}
                - {name: first_sku, path: lines.0.sku, type: "numeric(12,2)"}
              batch_size: 2000
              linger_ms: 50
              properties: {security.protocol: SASL_SSL, enable.idempotence: true}
            - name: clicks
              topic: clicks
              format: text
              table: bronze.clicks
          csv:
            - name: retail_history
              path: data/retail/*.csv
              table: bronze.online_retail
              delimiter: ";"
              header: {InvoiceNo: invoice_no}
              column_types: {quantity: integer}
            - name: plain
              path: "{{ env_var('WH_DATA', 'data') }}/x.csv"
              table: bronze.plain

        """

    @Test func readsEveryKeyWithItsDefaults() throws {
        let ingest = try load(full).ingest
        #expect(ingest.kafka.map(\.name) == ["orders", "clicks"])
        let orders = try #require(ingest.kafkaSource(named: "orders"))
        #expect(orders.topics == ["orders", "returns"])
        #expect(orders.group == "wh_orders")
        #expect(orders.format == .json)
        #expect(orders.table == IngestTable(schema: "bronze", name: "order_events"))
        #expect(
            orders.columns == [
                .init(name: "event_id", path: "event_id", type: "text"),
                .init(name: "first_sku", path: "lines.0.sku", type: "numeric(12,2)"),
            ])
        #expect(orders.columns[1].pathComponents == ["lines", "0", "sku"])
        #expect(orders.batchSize == 2000)
        #expect(orders.lingerMs == 50)
        #expect(orders.properties == ["security.protocol": "SASL_SSL", "enable.idempotence": "true"])
        #expect(orders.location.line == 4)
        let clicks = try #require(ingest.kafkaSource(named: "clicks"))
        #expect(clicks.topics == ["clicks"])
        #expect(clicks.format == .text)
        #expect(clicks.batchSize == 5000)
        #expect(clicks.lingerMs == 100)
        #expect(clicks.usesEmbeddedBroker)
        let retail = try #require(ingest.csvSource(named: "retail_history"))
        #expect(retail.path == "data/retail/*.csv")
        #expect(retail.table.description == "bronze.online_retail")
        #expect(retail.delimiter == ";")
        #expect(retail.header == ["InvoiceNo": "invoice_no"])
        #expect(retail.columnTypes == ["quantity": "integer"])
        #expect(ingest.csvSource(named: "plain")?.delimiter == ",")
        #expect(ingest.sourceNames == ["orders", "clicks", "retail_history", "plain"])
    }

    @Test func rendersEnvironmentVariablesWhenAsked() throws {
        let ingest = try load(full).ingest
        #expect(ingest.kafka[0].brokers == "{{ env_var('WH_KAFKA_BROKERS', '') }}")
        let defaults = try ingest.rendered(environment: [:])
        #expect(defaults.kafka[0].brokers == "")
        #expect(defaults.kafka[0].usesEmbeddedBroker)
        #expect(defaults.csv[1].path == "data/x.csv")
        let set = try ingest.rendered(environment: ["WH_KAFKA_BROKERS": "k1:9092,k2:9092", "WH_DATA": "/srv"])
        #expect(set.kafka[0].brokers == "k1:9092,k2:9092")
        #expect(!set.kafka[0].usesEmbeddedBroker)
        #expect(set.csv[1].path == "/srv/x.csv")
    }

    @Test func anUnsetVariableWithoutDefaultIsLocatedAtItsSource() throws {
        let ingest = try load("ingest:\n  csv:\n    - {name: a, path: \"{{ env_var('NOPE') }}\", table: b.c}\n").ingest
        #expect(throws: Diagnostic.self) { try ingest.rendered(environment: [:]) }
        do {
            _ = try ingest.rendered(environment: [:])
        } catch {
            #expect(error.location.line == 4)
            #expect(error.message.contains("NOPE"))
        }
    }

    @Test func isAcceptedInDbtProjectFiles() throws {
        let settings = try load("ingest:\n  csv:\n    - {name: a, path: a.csv, table: s.t}\n", file: "dbt_project.yml")
        #expect(settings.ingest.csv.map(\.name) == ["a"])
    }

    @Test func eventIntakeKeyAndRequiredColumns() throws {
        let yaml = """
            ingest:
              kafka:
                - name: orders
                  topics: [orders]
                  table: bronze.order_events
                  key: order_id
                  columns:
                    - {name: event_id, path: event_id, type: text}
                    - {name: note, path: note, type: text, required: false}
                    - {name: quantity, path: lines.0.quantity, type: integer}
                    - {name: sku, path: lines.0.sku, type: text, required: true}

            """
        let orders = try #require(try load(yaml).ingest.kafkaSource(named: "orders"))
        #expect(orders.key == "order_id")
        #expect(orders.columns.map(\.isRequired) == [true, false, false, true])
        #expect(try load(full).ingest.kafka[0].key == nil)
        let found = try problems(
            "ingest:\n  kafka:\n    - {name: a, topics: [t], table: s.t, key: '', columns: [{name: c, path: c, "
                + "type: text, required: maybe}]}\n")
        #expect(
            found == [
                "4:47: `ingest.kafka.key` should not be empty",
                "4:102: `columns.required` should be true or false, found 'maybe'",
            ])
    }

    @Test func absentMeansEmpty() throws {
        #expect(try load("").ingest.isEmpty)
    }

    @Test func unknownKeysSuggestTheClosestOne() throws {
        #expect(
            try problems("ingest:\n  csvs: []\n") == [
                "3:3: unknown key `csvs` in `ingest` [did you mean 'csv'?]"
            ])
        #expect(
            try problems("ingest:\n  csv:\n    - {name: a, path: a.csv, table: s.t, delimter: \";\"}\n") == [
                "4:42: unknown key `delimter` in an entry of `ingest.csv` [did you mean 'delimiter'?]"
            ])
        #expect(
            try problems("ingest:\n  kafka:\n    - {name: a, topics: [t], table: s.t, batchsize: 5}\n") == [
                "4:42: unknown key `batchsize` in an entry of `ingest.kafka` [did you mean 'batch_size'?]"
            ])
    }

    @Test func aMissingTableOrTopicOrPathIsReported() throws {
        #expect(
            try problems("ingest:\n  kafka:\n    - name: a\n      topics: [t]\n") == [
                "4:7: an ingest source needs `table` [add the bronze table: `table: bronze.my_table`]"
            ])
        #expect(
            try problems("ingest:\n  kafka:\n    - {name: a, table: s.t}\n") == [
                "4:7: a Kafka source needs `topics` [add `topics: [orders]`]"
            ])
        #expect(
            try problems("ingest:\n  csv:\n    - {name: a, table: s.t}\n") == [
                "4:7: a CSV source needs `path` [add a glob relative to the project: `path: data/*.csv`]"
            ])
    }

    @Test func anUnqualifiedTableIsRefused() throws {
        #expect(
            try problems("ingest:\n  csv:\n    - {name: a, path: a.csv, table: online_retail}\n") == [
                "4:37: `ingest.csv.table` 'online_retail' is not schema-qualified [name the schema too, as in `bronze.online_retail`]"
            ])
        #expect(
            try problems("ingest:\n  csv:\n    - {name: a, path: a.csv, table: a.b.c}\n").first?.hasPrefix(
                "4:37: `ingest.csv.table` 'a.b.c' is not a table name of the form schema.table") == true)
    }

    @Test func valuesOfTheWrongTypeAreReported() throws {
        #expect(
            try problems("ingest:\n  kafka:\n    - {name: a, topics: [t], table: s.t, batch_size: lots}\n") == [
                "4:54: `ingest.kafka.batch_size` should be an integer, found 'lots'"
            ])
        #expect(
            try problems("ingest:\n  kafka:\n    - {name: a, topics: [t], table: s.t, format: avro}\n") == [
                "4:50: unknown format 'avro' in `ingest.kafka.format` [use `json` (stored as jsonb) or `text`]"
            ])
        #expect(
            try problems(
                "ingest:\n  csv:\n    - {name: a, path: a.csv, table: s.t, column_types: {q: \"int; drop\"}}\n")
                == [
                    "4:60: `ingest.csv.column_types.q` 'int; drop' is not a Postgres type name [write a type such as `text`, `integer`, `numeric(12,2)` or `timestamptz`]"
                ])
        #expect(
            try problems("ingest:\n  csv:\n    - {name: a, path: a.csv, table: s.t, delimiter: ab}\n").first?.hasPrefix(
                "4:53: `ingest.csv.delimiter` should be one ASCII character") == true)
        #expect(
            try problems("ingest:\n  csv: {name: a}\n") == ["3:8: `ingest.csv` should be a list, found a mapping"])
    }

    @Test func sourceNamesAreUniqueAcrossKafkaAndCSV() throws {
        let yaml = """
            ingest:
              kafka:
                - {name: orders, topics: [t], table: s.t}
              csv:
                - {name: orders, path: a.csv, table: s.u}

            """
        #expect(
            try problems(yaml) == [
                "6:7: two ingest sources are named 'orders' [the first is at project.yml:4:7; give each a unique name]"
            ])
    }
}
