public import SQLTemplate

/// One entry of `kpis:` in a property file: an HTTP endpoint answering a query over the warehouse.
///
/// A KPI reads either a model (`model:`, answered by a generated `select` whose filters are its parameters) or a
/// templated query (`sql:`, rendered once with `ref()`, `source()` and `var()`, its parameters placed by `param()`).
/// Either way every parameter value travels as a bind parameter and every identifier comes from this definition.
public struct KPIDefinition: Sendable, Hashable {
    /// What the KPI reads.
    public enum Query: Sendable, Hashable {
        /// A model of the project, by name.
        case model(String)
        /// A query template, and the line of the property file its first line is on.
        case sql(String, firstLine: Int)
    }

    public var name: String
    public var description = ""
    public var query: Query
    /// Where it answers: `/api/kpis/<name>` unless `path:` says otherwise.
    public var route: KPIRoute
    /// In written order.
    public var parameters: [KPIParameter] = []
    /// The default order of rows (for a `model:` KPI, and around a `sql:` KPI's own query).
    public var orderBy: [KPIOrder] = []
    /// The most rows one response holds (`limit` may ask for fewer).
    public var maxRows = KPIDefinition.defaultMaxRows
    /// How long a response may be reused; nil leaves it to the server.
    public var cacheSeconds: Int?
    /// The scopes a caller needs when auth is on; empty means any authenticated caller.
    public var scopes: [String] = []
    /// The statement timeout of this KPI's queries in milliseconds; nil takes the server's (`serve.statement_timeout`).
    public var statementTimeoutMilliseconds: Int?
    /// Where the entry's `name` is written.
    public var location: SourceLocation

    public static let defaultMaxRows = 1000

    /// Query parameter names every KPI understands, which a definition cannot use for its own parameters.
    public static let reservedParameterNames: Set<String> = ["limit", "offset", "format"]

    public init(name: String, query: Query, location: SourceLocation) {
        self.name = name
        self.query = query
        route = KPIRoute.defaultRoute(for: name)
        self.location = location
    }

    /// The parameter named `name`.
    public func parameter(named name: String) -> KPIParameter? {
        parameters.first { $0.name == name }
    }

    /// The names a request may use: the parameters, then `limit`, `offset` and `format`.
    public var acceptedParameterNames: [String] {
        parameters.map(\.name) + ["limit", "offset", "format"]
    }
}

/// One column of a KPI's default order.
public struct KPIOrder: Sendable, Hashable {
    public var column: String
    public var descending: Bool

    public init(column: String, descending: Bool = false) {
        self.column = column
        self.descending = descending
    }
}
