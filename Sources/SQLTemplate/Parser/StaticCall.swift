/// A call to a global function found in the template tree without rendering, such as `ref('orders')`.
public struct StaticCall: Sendable, Hashable {
    /// The name called.
    public var callee: String
    /// Positional arguments; nil where an argument is not a literal (a variable or other expression).
    public var arguments: [Literal?]
    /// Keyword arguments by name; nil values where an argument is not a literal.
    public var keywordArguments: [String: Literal?]
    /// The location of the callee name.
    public var location: SourceLocation

    public init(
        callee: String, arguments: [Literal?], keywordArguments: [String: Literal?], location: SourceLocation
    ) {
        self.callee = callee
        self.arguments = arguments
        self.keywordArguments = keywordArguments
        self.location = location
    }
}
