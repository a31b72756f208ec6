public import SQLTemplate

/// A `models:` or `seeds:` entry of a property file.
public struct NodeProperties: Sendable, Hashable {
    public var name: String
    public var description: String?
    /// `config:` with canonical keys, values checked against their keys, for `NodeConfig.merging(_:)`.
    ///
    /// Dbt's legacy top-level `meta:` and `tags:` are folded in when `config:` does not set them.
    public var config: [String: Literal]
    public var columns: [ColumnProperties]
    /// Tests on the whole node.
    public var tests: [TestDefinition]
    public var docs: [Literal.KeyValue]
    /// The property file, relative to the project root.
    public var path: String
    /// Where the entry's name is written.
    public var location: SourceLocation

    public init(name: String, path: String, location: SourceLocation) {
        self.name = name
        description = nil
        config = [:]
        columns = []
        tests = []
        docs = []
        self.path = path
        self.location = location
    }
}
