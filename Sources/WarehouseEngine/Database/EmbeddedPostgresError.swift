/// Why the embedded Postgres could not be started, stopped or inspected.
public struct EmbeddedPostgresError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in a sentence that says what to do about it.
    public var message: String
    /// The tail of the server or tool output, when there is one.
    public var output: String?

    public init(_ message: String, output: String? = nil) {
        self.message = message
        self.output = output
    }

    public var description: String {
        guard let output, !output.isEmpty else { return message }
        return message + "\n" + output
    }
}
