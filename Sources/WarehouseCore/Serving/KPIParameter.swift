public import SQLTemplate

/// A typed parameter of a KPI, read from the request's path or query string.
public struct KPIParameter: Sendable, Hashable {
    /// The types a parameter can have, each bound with a cast to its Postgres type.
    public enum ValueType: String, Sendable, Hashable, CaseIterable {
        case date, timestamp, integer, numeric, text
        case `enum`

        /// The Postgres type the bound value is cast to, so the server reads it the way it was checked.
        public var postgresType: String {
            switch self {
            case .date: return "date"
            case .timestamp: return "timestamptz"
            case .integer: return "bigint"
            case .numeric: return "numeric"
            case .text, .enum: return "text"
            }
        }

        /// Whether `min` and `max` apply.
        public var isOrdered: Bool {
            switch self {
            case .date, .timestamp, .integer, .numeric: return true
            case .text, .enum: return false
            }
        }
    }

    /// Where the value comes from.
    public enum Place: String, Sendable, Hashable {
        case path, query
    }

    /// How a `model:` KPI compares its column with the value.
    public enum Comparison: String, Sendable, Hashable, CaseIterable {
        case equal = "="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
    }

    public var name: String
    public var type: ValueType
    public var place: Place = .query
    public var description = ""
    /// Path parameters are always required.
    public var required = false
    /// The value used when the request gives none, already checked (canonical text); nil binds NULL.
    public var defaultValue: String?
    /// Bounds (inclusive) for ordered types, canonical text.
    public var minimum: String?
    public var maximum: String?
    /// The allowed values of an `enum`.
    public var values: [String] = []
    /// The longest `text` value accepted, in characters.
    public var maxLength = KPIParameter.defaultMaxLength
    /// For a `model:` KPI: the column compared (the parameter's name unless `column:` says otherwise) and how.
    public var column: String
    public var comparison: Comparison = .equal
    public var location: SourceLocation

    public static let defaultMaxLength = 200

    public init(name: String, type: ValueType, location: SourceLocation) {
        self.name = name
        self.type = type
        column = name
        self.location = location
    }
}
