public import SQLTemplate

extension NodeConfig {
    /// Every config value by canonical key, known keys included even when unset (as `.none`), for the manifest.
    public var asDictionary: [String: Literal] {
        var result = extra
        result.reserveCapacity(extra.count + 26)
        result["materialized"] = .string(materialized)
        result["schema"] = Self.literal(schema)
        result["database"] = Self.literal(database)
        result["alias"] = Self.literal(alias)
        result["tags"] = .list(tags.map { .string($0) })
        result["enabled"] = .bool(enabled)
        result["persist_docs"] = .dict(persistDocs)
        result["pre-hook"] = .list(preHook.map { .string($0) })
        result["post-hook"] = .list(postHook.map { .string($0) })
        result["unique_key"] = uniqueKey ?? Literal.none
        result["incremental_strategy"] = Self.literal(incrementalStrategy)
        result["on_schema_change"] = Self.literal(onSchemaChange)
        result["indexes"] = indexes ?? Literal.none
        result["grants"] = .dict(grants)
        result["column_types"] = .dict(columnTypes)
        result["quote_columns"] = quoteColumns.map { .bool($0) } ?? Literal.none
        result["full_refresh"] = fullRefresh.map { .bool($0) } ?? Literal.none
        result["meta"] = .dict(meta)
        result["docs"] = .dict(docs)
        result["severity"] = Self.literal(severity)
        result["where"] = Self.literal(self.where)
        result["limit"] = limit.map { .int($0) } ?? Literal.none
        result["store_failures"] = storeFailures.map { .bool($0) } ?? Literal.none
        result["warn_if"] = Self.literal(warnIf)
        result["error_if"] = Self.literal(errorIf)
        result["contract"] = .dict(contract)
        return result
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
