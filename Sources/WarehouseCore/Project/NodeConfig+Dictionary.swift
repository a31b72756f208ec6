public import SQLTemplate

extension NodeConfig {
    /// Every config value by canonical key, known keys included even when unset (as `.none`), for the manifest.
    public var asDictionary: [String: Literal] {
        var result = extra
        result.reserveCapacity(extra.count + KnownKey.allCases.count)
        for key in KnownKey.allCases { result[key.rawValue] = value(of: key) }
        return result
    }

    /// `asDictionary`'s entries in key order, without building the dictionary: what the manifest writes.
    public var sortedEntries: [(key: String, value: Literal)] {
        let known = KnownKey.allCases.map { (key: $0.rawValue, value: value(of: $0)) }
        guard !extra.isEmpty else { return known }
        return (known + extra.map { (key: $0.key, value: $0.value) }).sorted { $0.key < $1.key }
    }

    /// The value of one config key in its canonical spelling, as `asDictionary` has it, without building the rest.
    public func value(forKey key: String) -> Literal? {
        KnownKey(rawValue: key).map(value(of:)) ?? extra[key]
    }

    /// The config keys with a typed field, in their canonical spelling, declared in byte order (the manifest's).
    public enum KnownKey: String, CaseIterable, Sendable {
        case alias
        case columnTypes = "column_types"
        case contract
        case database
        case docs
        case enabled
        case errorIf = "error_if"
        case fullRefresh = "full_refresh"
        case grants
        case incrementalStrategy = "incremental_strategy"
        case indexes
        case limit
        case materialized
        case meta
        case onSchemaChange = "on_schema_change"
        case persistDocs = "persist_docs"
        case postHook = "post-hook"
        case preHook = "pre-hook"
        case quoteColumns = "quote_columns"
        case schema
        case severity
        case storeFailures = "store_failures"
        case tags
        case uniqueKey = "unique_key"
        case warnIf = "warn_if"
        case `where`
    }

    public func value(of key: KnownKey) -> Literal {
        switch key {
        case .alias: Self.literal(alias)
        case .columnTypes: .dict(columnTypes)
        case .contract: .dict(contract)
        case .database: Self.literal(database)
        case .docs: .dict(docs)
        case .enabled: .bool(enabled)
        case .errorIf: Self.literal(errorIf)
        case .fullRefresh: fullRefresh.map { .bool($0) } ?? Literal.none
        case .grants: .dict(grants)
        case .incrementalStrategy: Self.literal(incrementalStrategy)
        case .indexes: indexes ?? Literal.none
        case .limit: limit.map { .int($0) } ?? Literal.none
        case .materialized: .string(materialized)
        case .meta: .dict(meta)
        case .onSchemaChange: Self.literal(onSchemaChange)
        case .persistDocs: .dict(persistDocs)
        case .postHook: .list(postHook.map { .string($0) })
        case .preHook: .list(preHook.map { .string($0) })
        case .quoteColumns: quoteColumns.map { .bool($0) } ?? Literal.none
        case .schema: Self.literal(schema)
        case .severity: Self.literal(severity)
        case .storeFailures: storeFailures.map { .bool($0) } ?? Literal.none
        case .tags: .list(tags.map { .string($0) })
        case .uniqueKey: uniqueKey ?? Literal.none
        case .warnIf: Self.literal(warnIf)
        case .where: Self.literal(self.where)
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
