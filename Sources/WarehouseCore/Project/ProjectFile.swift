/// A text file of the project read as is: a macro file or a docs file.
public struct ProjectFile: Sendable, Hashable {
    /// Relative to the project root, with `/`.
    public var path: String
    public var text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}
