import Foundation

/// A table or view in the warehouse: `"database"."schema"."identifier"`, rendered the way dbt-postgres renders it.
public struct Relation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var database: String?
    public var schema: String
    public var identifier: String

    public init(database: String?, schema: String, identifier: String) {
        self.database = database
        self.schema = schema
        self.identifier = identifier
    }

    /// The fully qualified, quoted name.
    public var description: String {
        [database, schema, identifier].compactMap { $0 }.map(Relation.quote).joined(separator: ".")
    }

    /// `"schema"."identifier"`, for statements that must not name the database (Postgres forbids cross-database names).
    public var schemaQualified: String { "\(Relation.quote(schema)).\(Relation.quote(identifier))" }

    /// Quotes an identifier for Postgres: wraps it in double quotes and doubles any double quote inside.
    public static func quote(_ identifier: String) -> String {
        // Searching the bytes: Foundation's `contains(_: StringProtocol)` costs more than the rest of a compile's naming.
        identifier.utf8.contains(UInt8(ascii: "\""))
            ? "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            : "\"" + identifier + "\""
    }
}
