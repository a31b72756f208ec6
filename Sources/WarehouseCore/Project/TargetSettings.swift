/// The `target:` block of project.yml.
///
/// Where models are built. A dbt project takes its profile's target (see ``DbtProfileSelection``), else the defaults.
public struct TargetSettings: Sendable, Hashable {
    public var name: String
    public var schema: String
    public var threads: Int
    /// The warehouse type; only `postgres` is supported.
    public var type: String

    public init(name: String = "dev", schema: String = "public", threads: Int = 4, type: String = "postgres") {
        self.name = name
        self.schema = schema
        self.threads = threads
        self.type = type
    }

    static let keys: [String] = ["name", "schema", "threads", "type"]
}
