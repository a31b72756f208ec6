public import SQLTemplate

/// The `connection:` block of project.yml.
///
/// Values are kept as written: they may contain `{{ env_var('X') }}`; ``rendered(environment:)`` evaluates them.
public struct ConnectionSettings: Sendable, Hashable {
    public var host: String?
    public var port: String?
    public var user: String?
    public var password: String?
    public var dbname: String?
    public var url: String?
    /// Where the block starts, for errors found while rendering it.
    public var location: SourceLocation
    /// Where each value is written, by key (`host`, `port`, ...), for errors about that value.
    public var valueLocations: [String: SourceLocation] = [:]
    /// Set when the settings come from dbt's profiles.yml rather than project.yml: `target 'dev' of profile 'shop'`.
    public var dbtProfile: String?

    public init(location: SourceLocation) {
        self.location = location
    }

    /// Where the value of `key` is written, or the block's location when it is not known.
    public func location(of key: String) -> SourceLocation {
        valueLocations[key] ?? location
    }

    static var keys: [String] { fields.map(\.key) }
}
