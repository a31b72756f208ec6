import Foundation

/// Where commands write.
///
/// Standard output for results, standard error for problems. Tests swap in a capturing one.
public final class Console: Sendable {
    private let writeOutput: @Sendable (String) -> Void
    private let writeError: @Sendable (String) -> Void

    public init(output: @escaping @Sendable (String) -> Void, error: @escaping @Sendable (String) -> Void) {
        self.writeOutput = output
        self.writeError = error
    }

    /// The process's standard output and standard error.
    public static let standard = Console(
        output: { text in FileHandle.standardOutput.write(Data((text + "\n").utf8)) },
        error: { text in FileHandle.standardError.write(Data((text + "\n").utf8)) })

    @TaskLocal public static var current: Console = .standard

    public func print(_ text: String) { writeOutput(text) }
    public func printError(_ text: String) { writeError(text) }
}
