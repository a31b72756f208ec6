public import SQLTemplate

/// The `connection:` block of project.yml.
///
/// Values are kept as written: they may contain `{{ env_var('X') }}`, which the compiler renders.
public struct ConnectionSettings: Sendable, Hashable {
    public var host: String?
    public var port: String?
    public var user: String?
    public var password: String?
    public var dbname: String?
    public var url: String?
    /// Where the block starts, for errors found while rendering it.
    public var location: SourceLocation

    public init(location: SourceLocation) {
        self.location = location
    }

    static let keys: [String] = ["host", "port", "user", "password", "dbname", "url"]
}
