import Foundation

/// Where commands write.
///
/// Standard output for results, standard error for problems. Tests swap in a capturing one.
public final class Console: Sendable {
    private let writeOutput: @Sendable (String) -> Void
    private let writeError: @Sendable (String) -> Void
    private let writeStatus: (@Sendable (String) -> Void)?

    /// - Parameter status: where a line that the next one replaces goes (a progress bar); nil drops such lines.
    public init(
        output: @escaping @Sendable (String) -> Void, error: @escaping @Sendable (String) -> Void,
        status: (@Sendable (String) -> Void)? = nil
    ) {
        self.writeOutput = output
        self.writeError = error
        self.writeStatus = status
    }

    /// The process's standard output and standard error; status lines only when standard output is a terminal.
    public static let standard = Console(
        output: { text in FileHandle.standardOutput.write(Data((text + "\n").utf8)) },
        error: { text in FileHandle.standardError.write(Data((text + "\n").utf8)) },
        status: isatty(STDOUT_FILENO) == 1 ? Console.writeTerminalStatus : nil)

    /// Overwrites the terminal's current line with `text`.
    private static let writeTerminalStatus: @Sendable (String) -> Void = { text in
        FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + text).utf8))
    }

    /// Whether status lines are shown: worth computing them only then.
    public var showsStatus: Bool { writeStatus != nil }

    /// Shows `text` in place of the previous status line (an empty text clears it); nothing when not a terminal.
    public func printStatus(_ text: String) { writeStatus?(text) }

    @TaskLocal public static var current: Console = .standard

    public func print(_ text: String) { writeOutput(text) }
    public func printError(_ text: String) { writeError(text) }
}
