public import SQLTemplate

/// A `sources:` entry of a property file: a schema of tables loaded by something other than `wh` models.
public struct SourceDefinition: Sendable, Hashable {
    public var name: String
    /// The schema holding the tables; the source's name unless given.
    public var schema: String
    public var database: String?
    public var description: String?
    public var loader: String?
    public var loadedAtField: String?
    public var freshness: FreshnessPolicy?
    public var config: [String: Literal]
    public var meta: [Literal.KeyValue]
    public var tags: [String]
    public var tables: [SourceTable]
    /// The property file, relative to the project root.
    public var path: String
    public var location: SourceLocation

    public init(name: String, path: String, location: SourceLocation) {
        self.name = name
        schema = name
        database = nil
        description = nil
        loader = nil
        loadedAtField = nil
        freshness = nil
        config = [:]
        meta = []
        tags = []
        tables = []
        self.path = path
        self.location = location
    }
}

/// One table of a source.
public struct SourceTable: Sendable, Hashable {
    public var name: String
    /// The table's name in the database; `name` unless given.
    public var identifier: String
    public var description: String?
    /// The table's own, or else its source's.
    public var loadedAtField: String?
    /// The table's own, or else its source's; nil when neither sets one or the table sets `freshness: null`.
    public var freshness: FreshnessPolicy?
    public var config: [String: Literal]
    public var meta: [Literal.KeyValue]
    public var tags: [String]
    public var columns: [ColumnProperties]
    public var tests: [TestDefinition]
    public var location: SourceLocation

    public init(name: String, location: SourceLocation) {
        self.name = name
        identifier = name
        description = nil
        loadedAtField = nil
        freshness = nil
        config = [:]
        meta = []
        tags = []
        columns = []
        tests = []
        self.location = location
    }
}

/// When a source table counts as stale.
public struct FreshnessPolicy: Sendable, Hashable {
    public var warnAfter: FreshnessThreshold?
    public var errorAfter: FreshnessThreshold?
    /// A SQL condition limiting the rows the check reads.
    public var filter: String?

    public init(warnAfter: FreshnessThreshold? = nil, errorAfter: FreshnessThreshold? = nil, filter: String? = nil) {
        self.warnAfter = warnAfter
        self.errorAfter = errorAfter
        self.filter = filter
    }
}

/// `{count: 12, period: hour}`.
public struct FreshnessThreshold: Sendable, Hashable {
    public enum Period: String, Sendable, Hashable, CaseIterable {
        case minute
        case hour
        case day
    }

    public var count: Int
    public var period: Period

    public init(count: Int, period: Period) {
        self.count = count
        self.period = period
    }
}
