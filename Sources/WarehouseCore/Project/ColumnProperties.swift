public import SQLTemplate

/// A column described in a property file.
public struct ColumnProperties: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var dataType: String?
    public var meta: [Literal.KeyValue]
    public var tags: [String]
    /// Whether the name is quoted in generated SQL, when said.
    public var quote: Bool?
    public var tests: [TestDefinition]
    public var location: SourceLocation

    public init(name: String, location: SourceLocation) {
        self.name = name
        description = nil
        dataType = nil
        meta = []
        tags = []
        quote = nil
        tests = []
        self.location = location
    }
}
