public import SQLTemplate

extension NodeConfig {
    /// Every config value by canonical key, known keys included even when unset (as `.none`), for the manifest.
    public var asDictionary: [String: Literal] {
        var result = extra
        result.reserveCapacity(extra.count + Self.knownKeys.count)
        for key in Self.knownKeys {
            result[key] = value(forKey: key)
        }
        return result
    }

    /// The value of one config key in its canonical spelling, as `asDictionary` has it, without building the rest.
    public func value(forKey key: String) -> Literal? {
        switch key {
        case "materialized": .string(materialized)
        case "schema": Self.literal(schema)
        case "database": Self.literal(database)
        case "alias": Self.literal(alias)
        case "tags": .list(tags.map { .string($0) })
        case "enabled": .bool(enabled)
        case "persist_docs": .dict(persistDocs)
        case "pre-hook": .list(preHook.map { .string($0) })
        case "post-hook": .list(postHook.map { .string($0) })
        case "unique_key": uniqueKey ?? Literal.none
        case "incremental_strategy": Self.literal(incrementalStrategy)
        case "on_schema_change": Self.literal(onSchemaChange)
        case "indexes": indexes ?? Literal.none
        case "grants": .dict(grants)
        case "column_types": .dict(columnTypes)
        case "quote_columns": quoteColumns.map { .bool($0) } ?? Literal.none
        case "full_refresh": fullRefresh.map { .bool($0) } ?? Literal.none
        case "meta": .dict(meta)
        case "docs": .dict(docs)
        case "severity": Self.literal(severity)
        case "where": Self.literal(self.where)
        case "limit": limit.map { .int($0) } ?? Literal.none
        case "store_failures": storeFailures.map { .bool($0) } ?? Literal.none
        case "warn_if": Self.literal(warnIf)
        case "error_if": Self.literal(errorIf)
        case "contract": .dict(contract)
        default: extra[key]
        }
    }

    private static func literal(_ text: String?) -> Literal {
        text.map { .string($0) } ?? Literal.none
    }
}

extension NodeConfig {
    /// The string-valued settings by key, as `config.<key>:` selectors match them.
    public var selectableValues: [String: String] {
        var values: [String: String] = [:]
        values.reserveCapacity(12)
        for (key, value) in extra {
            if case .string(let text) = value { values[key] = text }
        }
        values["materialized"] = materialized
        let optional: [(String, String?)] = [
            ("schema", schema), ("database", database), ("alias", alias), ("incremental_strategy", incrementalStrategy),
            ("on_schema_change", onSchemaChange), ("severity", severity), ("where", self.where), ("warn_if", warnIf),
            ("error_if", errorIf),
        ]
        for (key, value) in optional {
            if let value { values[key] = value }
        }
        return values
    }
}
