public import SQLTemplate

/// A column of a seed table: its header name and the type it gets.
public struct SeedColumn: Sendable, Hashable {
    /// The name as written in the header.
    public var name: String
    /// The Postgres type of the column: the inferred type's name, or the `column_types` entry as written.
    public var typeName: String
    /// The inferred type; nil when `column_types` declares the type.
    public var inferredType: SeedColumnType?
    /// Where the header names the column.
    public var location: SourceLocation

    public init(name: String, typeName: String, inferredType: SeedColumnType?, location: SourceLocation) {
        self.name = name
        self.typeName = typeName
        self.inferredType = inferredType
        self.location = location
    }
}
