import SQLTemplate
import Yams

/// What one property file (`version: 2` YAML) describes.
struct PropertyFile: Sendable {
    var models: [NodeProperties] = []
    var seeds: [NodeProperties] = []
    var sources: [SourceDefinition] = []
    var snapshots: [SnapshotEntry] = []
    var unitTests: [UnitTestDefinition] = []
    var kpis: [KPIDefinition] = []
}

extension YAMLReader {
    /// Reads a property file's root; an empty file describes nothing.
    mutating func propertyFile(_ root: Node?) -> PropertyFile {
        var file = PropertyFile()
        guard let root, let entries = mapping(root, "a property file") else { return file }
        for entry in entries {
            switch entry.key {
            case "version":
                if case .int(let version) = literal(entry.value), version == 2 { continue }
                report("unsupported property file version", at: entry.value, help: "write `version: 2`")
            case "models":
                file.models = (sequence(entry.value, "`models`") ?? []).compactMap { nodeProperties($0, "model") }
            case "seeds":
                file.seeds = (sequence(entry.value, "`seeds`") ?? []).compactMap { nodeProperties($0, "seed") }
            case "sources":
                file.sources = (sequence(entry.value, "`sources`") ?? []).compactMap { sourceDefinition($0) }
            case "snapshots":
                file.snapshots = (sequence(entry.value, "`snapshots`") ?? []).compactMap { snapshotEntry($0) }
            case "macros", "analyses":
                continue
            case "unit_tests":
                file.unitTests = unitTests(entry.value)
            case "kpis":
                file.kpis = kpis(entry.value)
            case "exposures", "metrics", "semantic_models", "saved_queries", "groups":
                note("`\(entry.key)` are not supported by wh and are ignored", at: entry.keyNode)
            default:
                report(
                    "unknown key `\(entry.key)` in a property file", at: entry.keyNode,
                    help: ClosestName.help(
                        for: entry.key,
                        among: [
                            "version", "models", "seeds", "sources", "snapshots", "unit_tests", "kpis",
                        ]))
            }
        }
        return file
    }

    /// The entry's `name:`, required; nil after reporting its absence.
    private mutating func requiredName(_ entries: [YAMLEntry], in node: Node, _ what: @autoclosure () -> String) -> (
        String, Node
    )? {
        guard let entry = entries.first(where: { $0.key == "name" }) else {
            report("\(what()) has no `name`", at: node)
            return nil
        }
        return string(entry.value, "the \(what())'s `name`").map { ($0, entry.value) }
    }

    mutating func nodeProperties(_ node: Node, _ kind: String) -> NodeProperties? {
        guard let entries = mapping(node, "a `\(kind)s` entry"),
            let (name, nameNode) = requiredName(entries, in: node, "a `\(kind)s` entry")
        else { return nil }
        var properties = NodeProperties(name: name, path: path, location: location(of: nameNode))
        var legacy: [String: Literal] = [:]
        var testsKey: YAMLEntry?
        for entry in entries {
            switch entry.key {
            case "name": continue
            case "description": properties.description = optionalString(entry.value, "`description`")
            case "config": properties.config = configDictionary(entry.value, "`config`")
            case "columns": properties.columns = columns(entry.value)
            case "tests", "data_tests":
                checkSingleTestsKey(entry, previous: &testsKey)
                properties.tests = tests(entry.value, "`\(entry.key)`")
            case "docs": properties.docs = pairs(entry.value, "`docs`")
            case "meta", "tags":
                if let value = validatedConfig(key: entry.key, value: entry.value) { legacy[entry.key] = value }
            default: continue
            }
        }
        properties.config.merge(legacy) { configured, _ in configured }
        return properties
    }

    private mutating func checkSingleTestsKey(_ entry: YAMLEntry, previous: inout YAMLEntry?) {
        if let first = previous {
            report(
                "both `\(first.key)` and `\(entry.key)` list tests here", at: entry.keyNode,
                help: "list them all under `data_tests`")
        }
        previous = entry
    }

    private mutating func pairs(_ node: Node, _ what: @autoclosure () -> String) -> [Literal.KeyValue] {
        (mapping(node, what()) ?? []).map { Literal.KeyValue(key: $0.key, value: literal($0.value)) }
    }

    private mutating func columns(_ node: Node) -> [ColumnProperties] {
        var result: [ColumnProperties] = []
        for item in sequence(node, "`columns`") ?? [] {
            guard let entries = mapping(item, "a column"),
                let (name, nameNode) = requiredName(entries, in: item, "a column")
            else { continue }
            var column = ColumnProperties(name: name, location: location(of: nameNode))
            var testsKey: YAMLEntry?
            for entry in entries {
                switch entry.key {
                case "description": column.description = optionalString(entry.value, "`description`")
                case "data_type": column.dataType = optionalString(entry.value, "`data_type`")
                case "meta": column.meta = pairs(entry.value, "`meta`")
                case "tags": column.tags = strings(entry.value, "`tags`") ?? []
                case "quote":
                    if case .bool(let quote) = literal(entry.value) {
                        column.quote = quote
                    } else {
                        report("`quote` should be true or false", at: entry.value)
                    }
                case "tests", "data_tests":
                    checkSingleTestsKey(entry, previous: &testsKey)
                    column.tests = tests(entry.value, "`\(entry.key)`")
                default: continue
                }
            }
            result.append(column)
        }
        return result
    }

    // MARK: Sources

    private mutating func sourceDefinition(_ node: Node) -> SourceDefinition? {
        guard let entries = mapping(node, "a `sources` entry"),
            let (name, nameNode) = requiredName(entries, in: node, "a source")
        else { return nil }
        var source = SourceDefinition(name: name, path: path, location: location(of: nameNode))
        var tableNodes: [Node] = []
        for entry in entries {
            switch entry.key {
            case "schema": source.schema = string(entry.value, "`schema`") ?? name
            case "database": source.database = optionalString(entry.value, "`database`")
            case "description": source.description = optionalString(entry.value, "`description`")
            case "loader": source.loader = optionalString(entry.value, "`loader`")
            case "loaded_at_field": source.loadedAtField = optionalString(entry.value, "`loaded_at_field`")
            case "freshness": source.freshness = freshness(entry.value)
            case "config": source.config = configDictionary(entry.value, "`config`")
            case "meta": source.meta = pairs(entry.value, "`meta`")
            case "tags": source.tags = strings(entry.value, "`tags`") ?? []
            case "tables": tableNodes = sequence(entry.value, "`tables`") ?? []
            default: continue
            }
        }
        source.tables = tableNodes.compactMap { sourceTable($0, in: source) }
        return source
    }

    private mutating func sourceTable(_ node: Node, in source: SourceDefinition) -> SourceTable? {
        guard let entries = mapping(node, "a source table"),
            let (name, nameNode) = requiredName(entries, in: node, "a source table")
        else { return nil }
        var table = SourceTable(name: name, location: location(of: nameNode))
        table.loadedAtField = source.loadedAtField
        table.freshness = source.freshness
        var testsKey: YAMLEntry?
        for entry in entries {
            switch entry.key {
            case "identifier": table.identifier = string(entry.value, "`identifier`") ?? name
            case "description": table.description = optionalString(entry.value, "`description`")
            case "loaded_at_field": table.loadedAtField = optionalString(entry.value, "`loaded_at_field`")
            case "freshness": table.freshness = freshness(entry.value)
            case "config": table.config = configDictionary(entry.value, "`config`")
            case "meta": table.meta = pairs(entry.value, "`meta`")
            case "tags": table.tags = strings(entry.value, "`tags`") ?? []
            case "columns": table.columns = columns(entry.value)
            case "tests", "data_tests":
                checkSingleTestsKey(entry, previous: &testsKey)
                table.tests = tests(entry.value, "`\(entry.key)`")
            default: continue
            }
        }
        return table
    }

    /// `freshness:`; null turns freshness off.
    private mutating func freshness(_ node: Node) -> FreshnessPolicy? {
        if Self.isNull(node) { return nil }
        guard let entries = mapping(node, "`freshness`") else { return nil }
        var policy = FreshnessPolicy()
        for entry in entries {
            switch entry.key {
            case "warn_after": policy.warnAfter = threshold(entry.value, "`warn_after`")
            case "error_after": policy.errorAfter = threshold(entry.value, "`error_after`")
            case "filter": policy.filter = optionalString(entry.value, "`filter`")
            default:
                report(
                    "unknown key `\(entry.key)` in `freshness`", at: entry.keyNode,
                    help: ClosestName.help(for: entry.key, among: ["warn_after", "error_after", "filter"]))
            }
        }
        return policy
    }

    private mutating func threshold(_ node: Node, _ what: @autoclosure () -> String) -> FreshnessThreshold? {
        if Self.isNull(node) { return nil }
        guard let entries = mapping(node, what()) else { return nil }
        let countEntry = entries.first { $0.key == "count" }
        let periodEntry = entries.first { $0.key == "period" }
        guard let countEntry, let periodEntry else {
            report(
                "\(what()) needs both `count` and `period`", at: node, help: "for example `{count: 12, period: hour}`")
            return nil
        }
        guard let count = int(countEntry.value, "`count`"), let periodText = string(periodEntry.value, "`period`")
        else { return nil }
        guard let period = FreshnessThreshold.Period(rawValue: periodText) else {
            report(
                "unknown freshness period '\(periodText)'", at: periodEntry.value,
                help: "use minute, hour or day")
            return nil
        }
        return FreshnessThreshold(count: count, period: period)
    }
}
