import SQLTemplate
import Yams

extension YAMLReader {
    /// Reads `ingest:`, reporting every problem at the key or value that has it.
    mutating func ingestSettings(_ node: Node) -> IngestSettings {
        var settings = IngestSettings()
        for entry in mapping(node, "`ingest`") ?? [] {
            switch entry.key {
            case "kafka":
                settings.kafka = (sequence(entry.value, "`ingest.kafka`") ?? []).compactMap { kafkaSource($0) }
            case "csv":
                settings.csv = (sequence(entry.value, "`ingest.csv`") ?? []).compactMap { csvSource($0) }
            default:
                report(
                    "unknown key `\(entry.key)` in `ingest`", at: entry.keyNode,
                    help: ClosestName.help(for: entry.key, among: ["kafka", "csv"]) ?? "expected `kafka` or `csv`")
            }
        }
        checkUniqueNames(node, settings)
        return settings
    }

    private mutating func kafkaSource(_ node: Node) -> KafkaSourceSettings? {
        let what = "an entry of `ingest.kafka`"
        guard let entries = mapping(node, what, known: Self.kafkaKeys) else { return nil }
        var name: String?
        var brokers: String?
        var topics: [String]?
        var group: String?
        var format = KafkaSourceSettings.Format.json
        var table: IngestTable?
        var columns: [KafkaSourceSettings.Column] = []
        var batchSize = KafkaSourceSettings.defaultBatchSize
        var lingerMs = KafkaSourceSettings.defaultLingerMilliseconds
        var properties: [String: String] = [:]
        var topicEntry: YAMLEntry?
        for entry in entries {
            let key = "`ingest.kafka.\(entry.key)`"
            switch entry.key {
            case "name": name = sourceName(entry.value)
            case "brokers": brokers = optionalString(entry.value, key)
            case "topic", "topics":
                if let first = topicEntry {
                    report(
                        "both `\(first.key)` and `\(entry.key)` name the topics", at: entry.keyNode,
                        help: "list them all under `topics`")
                }
                topicEntry = entry
                topics = nonEmptyStrings(entry.value, key)
            case "group": group = nonEmptyString(entry.value, key)
            case "format":
                guard let text = string(entry.value, key) else { break }
                guard let parsed = KafkaSourceSettings.Format(rawValue: text) else {
                    report(
                        "unknown format '\(text)' in \(key)", at: entry.value,
                        help: "use `json` (stored as jsonb) or `text`")
                    break
                }
                format = parsed
            case "table": table = ingestTable(entry.value, key)
            case "columns": columns = kafkaColumns(entry.value)
            case "batch_size": batchSize = positiveInt(entry.value, key, minimum: 1) ?? batchSize
            case "linger_ms": lingerMs = positiveInt(entry.value, key, minimum: 0) ?? lingerMs
            case "properties":
                for property in mapping(entry.value, key) ?? [] {
                    if let value = string(property.value, "`ingest.kafka.properties.\(property.key)`") {
                        properties[property.key] = value
                    }
                }
            default: break
            }
        }
        if topics == nil { report("a Kafka source needs `topics`", at: node, help: "add `topics: [orders]`") }
        if table == nil, !entries.contains(where: { $0.key == "table" }) { missingTable(node) }
        if name == nil, !entries.contains(where: { $0.key == "name" }) { missingName(node) }
        guard let name, let topics, let table else { return nil }
        return KafkaSourceSettings(
            name: name, brokers: brokers, topics: topics, group: group, format: format, table: table,
            columns: columns, batchSize: batchSize, lingerMs: lingerMs, properties: properties,
            location: location(of: node))
    }

    private mutating func kafkaColumns(_ node: Node) -> [KafkaSourceSettings.Column] {
        var columns: [KafkaSourceSettings.Column] = []
        for item in sequence(node, "`ingest.kafka.columns`") ?? [] {
            guard
                let entries = mapping(
                    item, "a column of `ingest.kafka.columns`", known: ["name", "path", "type"])
            else { continue }
            var values: [String: String] = [:]
            for entry in entries {
                let key = "`columns.\(entry.key)`"
                switch entry.key {
                case "name": values["name"] = columnName(entry.value, key)
                case "path": values["path"] = nonEmptyString(entry.value, key)
                case "type": values["type"] = typeName(entry.value, key)
                default: break
                }
            }
            let missing = ["name", "path", "type"].filter { key in !entries.contains { $0.key == key } }
            if !missing.isEmpty {
                report(
                    "a column needs \(missing.map { "`\($0)`" }.joined(separator: " and "))", at: item,
                    help: "write it as {name: event_id, path: event_id, type: text}")
            }
            if let name = values["name"], let path = values["path"], let type = values["type"] {
                columns.append(KafkaSourceSettings.Column(name: name, path: path, type: type))
            }
        }
        return columns
    }

    private mutating func csvSource(_ node: Node) -> CSVSourceSettings? {
        guard let entries = mapping(node, "an entry of `ingest.csv`", known: Self.csvKeys) else { return nil }
        var name: String?
        var path: String?
        var table: IngestTable?
        var delimiter: Character = ","
        var header: [String: String] = [:]
        var columnTypes: [String: String] = [:]
        for entry in entries {
            let key = "`ingest.csv.\(entry.key)`"
            switch entry.key {
            case "name": name = sourceName(entry.value)
            case "path": path = nonEmptyString(entry.value, key)
            case "table": table = ingestTable(entry.value, key)
            case "delimiter":
                guard let text = string(entry.value, key) else { break }
                guard let character = text.first, text.count == 1, character.isASCII,
                    !"\"\r\n".contains(character)
                else {
                    report(
                        "\(key) should be one ASCII character other than a quote or a line break, found '\(text)'",
                        at: entry.value, help: #"use "," (the default), ";", "|" or "\t""#)
                    break
                }
                delimiter = character
            case "header":
                for rename in mapping(entry.value, key) ?? [] {
                    if let column = columnName(rename.value, "`ingest.csv.header.\(rename.key)`") {
                        header[rename.key] = column
                    }
                }
            case "column_types":
                for column in mapping(entry.value, key) ?? [] {
                    if let type = typeName(column.value, "`ingest.csv.column_types.\(column.key)`") {
                        columnTypes[column.key] = type
                    }
                }
            default: break
            }
        }
        if path == nil, !entries.contains(where: { $0.key == "path" }) {
            report(
                "a CSV source needs `path`", at: node, help: "add a glob relative to the project: `path: data/*.csv`")
        }
        if table == nil, !entries.contains(where: { $0.key == "table" }) { missingTable(node) }
        if name == nil, !entries.contains(where: { $0.key == "name" }) { missingName(node) }
        guard let name, let path, let table else { return nil }
        return CSVSourceSettings(
            name: name, path: path, table: table, delimiter: delimiter, header: header, columnTypes: columnTypes,
            location: location(of: node))
    }

    // MARK: Values

    /// A source's entries, with an error for each key it does not know.
    private mutating func sourceName(_ node: Node) -> String? {
        guard let name = string(node, "`name`") else { return nil }
        guard IngestTable.isIdentifier(name) else {
            report(
                "source name '\(name)' is not a valid identifier", at: node,
                help: "use letters, digits and underscores, not starting with a digit")
            return nil
        }
        return name
    }

    private mutating func ingestTable(_ node: Node, _ what: String) -> IngestTable? {
        guard let text = string(node, what) else { return nil }
        if let table = IngestTable(parsing: text) { return table }
        if IngestTable.isIdentifier(text) {
            report(
                "\(what) '\(text)' is not schema-qualified", at: node,
                help: "name the schema too, as in `bronze.\(text)`")
        } else {
            report(
                "\(what) '\(text)' is not a table name of the form schema.table", at: node,
                help: "use letters, digits and underscores in both parts, as in `bronze.order_events`")
        }
        return nil
    }

    private mutating func columnName(_ node: Node, _ what: String) -> String? {
        guard let name = string(node, what) else { return nil }
        guard IngestTable.isIdentifier(name), !name.hasPrefix("_wh_") else {
            report(
                "\(what) '\(name)' is not a valid column name", at: node,
                help: "use letters, digits and underscores, not starting with a digit or `_wh_` (wh's own columns)")
            return nil
        }
        return name
    }

    /// A Postgres type name: words, digits, spaces, `(p,s)` and `[]`; anything else (a `;`, a quote) is refused.
    private mutating func typeName(_ node: Node, _ what: String) -> String? {
        guard let type = string(node, what) else { return nil }
        let allowed = type.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || " _(),[]".unicodeScalars.contains($0)
        }
        guard let first = type.unicodeScalars.first, first.properties.isAlphabetic, allowed else {
            report(
                "\(what) '\(type)' is not a Postgres type name", at: node,
                help: "write a type such as `text`, `integer`, `numeric(12,2)` or `timestamptz`")
            return nil
        }
        return type
    }

    private mutating func nonEmptyString(_ node: Node, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        guard !text.isEmpty else {
            report("\(what) should not be empty", at: node)
            return nil
        }
        return text
    }

    private mutating func nonEmptyStrings(_ node: Node, _ what: String) -> [String]? {
        guard let items = strings(node, what) else { return nil }
        guard !items.isEmpty, !items.contains(where: \.isEmpty) else {
            report("\(what) should name at least one topic, and no empty one", at: node)
            return nil
        }
        return items
    }

    private mutating func positiveInt(_ node: Node, _ what: String, minimum: Int) -> Int? {
        guard let number = int(node, what) else { return nil }
        guard number >= minimum else {
            report("\(what) should be at least \(minimum), found \(number)", at: node)
            return nil
        }
        return number
    }

    private mutating func missingTable(_ node: Node) {
        report("an ingest source needs `table`", at: node, help: "add the bronze table: `table: bronze.my_table`")
    }

    private mutating func missingName(_ node: Node) {
        report("an ingest source needs `name`", at: node, help: "add `name: my_source`, unique among sources")
    }

    /// Names are unique across Kafka and CSV sources: `wh ingest ... --source NAME` picks one.
    private mutating func checkUniqueNames(_ node: Node, _ settings: IngestSettings) {
        var seen: [String: SourceLocation] = [:]
        let all = settings.kafka.map { ($0.name, $0.location) } + settings.csv.map { ($0.name, $0.location) }
        for (name, location) in all {
            if let first = seen[name] {
                report(
                    "two ingest sources are named '\(name)'", at: location,
                    help: "the first is at \(first.path):\(first.line):\(first.column); give each a unique name")
            } else {
                seen[name] = location
            }
        }
    }

    private static let kafkaKeys = [
        "name", "brokers", "topic", "topics", "group", "format", "table", "columns", "batch_size", "linger_ms",
        "properties",
    ]
    private static let csvKeys = ["name", "path", "table", "delimiter", "header", "column_types"]
}
