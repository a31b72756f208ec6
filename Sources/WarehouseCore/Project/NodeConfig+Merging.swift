public import SQLTemplate

extension NodeConfig {
    /// This config refined by `other` (a property file's `config:` or a `config()` call's arguments).
    ///
    /// Keys may carry a `+` prefix; keys are applied in sorted order so the result does not depend on
    /// dictionary order.
    public func merging(_ other: [String: Literal]) throws(ConfigValueError) -> NodeConfig {
        var result = self
        for key in other.keys.sorted() {
            if let value = other[key] { try result.merge(key: key, value: value) }
        }
        return result
    }

    /// Applies one config entry: overrides it, or accumulates/merges it for `tags`, hooks and mapping configs.
    public mutating func merge(key rawKey: String, value: Literal) throws(ConfigValueError) {
        let key = Self.canonicalKey(rawKey)
        let reader = ConfigValueReader(key: key, value: value)
        switch key {
        case "materialized": materialized = try reader.string()
        case "schema": schema = try reader.optionalString()
        case "database": database = try reader.optionalString()
        case "alias": alias = try reader.optionalString()
        case "tags": Self.append(try reader.strings(), to: &tags, unique: true)
        case "enabled": enabled = try reader.bool()
        case "persist_docs": Self.merge(try reader.pairs(), into: &persistDocs)
        case "pre-hook": Self.append(try reader.strings(), to: &preHook, unique: false)
        case "post-hook": Self.append(try reader.strings(), to: &postHook, unique: false)
        case "unique_key": uniqueKey = try reader.optionalStringOrStrings()
        case "incremental_strategy": incrementalStrategy = try reader.optionalString()
        case "on_schema_change": onSchemaChange = try reader.optionalString()
        case "indexes": indexes = try reader.optionalList()
        case "grants": Self.merge(try reader.pairs(), into: &grants)
        case "column_types": Self.merge(try reader.pairs(), into: &columnTypes)
        case "quote_columns": quoteColumns = try reader.optionalBool()
        case "full_refresh": fullRefresh = try reader.optionalBool()
        case "meta": Self.merge(try reader.pairs(), into: &meta)
        case "docs": Self.merge(try reader.pairs(), into: &docs)
        case "severity": severity = try reader.severity()
        case "where": self.where = try reader.optionalString()
        case "limit": limit = try reader.optionalInt()
        case "store_failures": storeFailures = try reader.optionalBool()
        case "warn_if": warnIf = try reader.optionalString()
        case "error_if": errorIf = try reader.optionalString()
        case "contract": Self.merge(try reader.pairs(), into: &contract)
        default: extra[key] = value
        }
    }

    private static func append(_ values: [String], to list: inout [String], unique: Bool) {
        for value in values where !unique || !list.contains(value) {
            list.append(value)
        }
    }

    private static func merge(_ pairs: [Literal.KeyValue], into existing: inout [Literal.KeyValue]) {
        for pair in pairs {
            if let index = existing.firstIndex(where: { $0.key == pair.key }) {
                existing[index].value = pair.value
            } else {
                existing.append(pair)
            }
        }
    }
}

/// Reads one config value as the shape its key requires, or says what was expected.
private struct ConfigValueReader {
    let key: String
    let value: Literal

    func fail(_ expected: String) -> ConfigValueError {
        ConfigValueError(key: key, expected: expected, found: value)
    }

    func string() throws(ConfigValueError) -> String {
        guard case .string(let text) = value else { throw fail("a string") }
        return text
    }

    func optionalString() throws(ConfigValueError) -> String? {
        switch value {
        case .none: return nil
        case .string(let text): return text
        default: throw fail("a string")
        }
    }

    func bool() throws(ConfigValueError) -> Bool {
        guard case .bool(let flag) = value else { throw fail("true or false") }
        return flag
    }

    func optionalBool() throws(ConfigValueError) -> Bool? {
        if case .none = value { return nil }
        return try bool()
    }

    func optionalInt() throws(ConfigValueError) -> Int? {
        switch value {
        case .none: return nil
        case .int(let number): return number
        default: throw fail("an integer")
        }
    }

    /// A string or a list of strings; null adds nothing.
    func strings() throws(ConfigValueError) -> [String] {
        switch value {
        case .none: return []
        case .string(let text): return [text]
        case .list(let items):
            var result: [String] = []
            for item in items {
                guard case .string(let text) = item else { throw fail("a string or a list of strings") }
                result.append(text)
            }
            return result
        default: throw fail("a string or a list of strings")
        }
    }

    func optionalStringOrStrings() throws(ConfigValueError) -> Literal? {
        if case .none = value { return nil }
        if case .string = value { return value }
        guard case .list = value, try !strings().isEmpty else { throw fail("a string or a list of strings") }
        return value
    }

    func optionalList() throws(ConfigValueError) -> Literal? {
        switch value {
        case .none: return nil
        case .list: return value
        default: throw fail("a list")
        }
    }

    /// A mapping's entries; null adds nothing.
    func pairs() throws(ConfigValueError) -> [Literal.KeyValue] {
        switch value {
        case .none: return []
        case .dict(let pairs): return pairs
        default: throw fail("a mapping")
        }
    }

    /// `warn` or `error` in any case, stored upper-case as dbt does.
    func severity() throws(ConfigValueError) -> String? {
        guard let text = try optionalString() else { return nil }
        let upper = text.uppercased()
        guard upper == "WARN" || upper == "ERROR" else { throw fail("'warn' or 'error'") }
        return upper
    }
}
