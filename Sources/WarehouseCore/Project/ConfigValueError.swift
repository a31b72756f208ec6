public import SQLTemplate

/// A config value of the wrong shape, such as `enabled: "yes please"` or `tags: {a: 1}`.
///
/// Carries no location: the caller knows where the value was written and attaches it.
public struct ConfigValueError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The canonical key (`materialized`, `pre-hook`).
    public var key: String
    /// What the key accepts, in the user's terms (`a string`, `a string or a list of strings`).
    public var expected: String
    public var found: Literal

    public init(key: String, expected: String, found: Literal) {
        self.key = key
        self.expected = expected
        self.found = found
    }

    public var description: String { "config '\(key)' expects \(expected), found \(found.kindDescription)" }
}

extension Literal {
    /// The value's kind with an article, for messages: `a string`, `a list`.
    var kindDescription: String {
        switch self {
        case .none: "null"
        case .bool: "a boolean"
        case .int: "an integer"
        case .double: "a number"
        case .string: "a string"
        case .list: "a list"
        case .dict: "a mapping"
        }
    }
}
