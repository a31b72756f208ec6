import ArgumentParser

/// The `wh` command line: one subcommand per file, each a thin layer over the libraries.
struct WarehouseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wh",
        abstract: "A SQL-first data warehouse toolkit: compile templated SQL models into a dependency graph.",
        subcommands: [CompileCommand.self, ListCommand.self, ParseCommand.self, GenerateCommand.self])

}

/// The entry point of `wh`, callable in-process by tests.
public enum CommandLineTool {
    /// Runs `wh` with `arguments` (without the program name) and returns the exit code; output goes to `console`.
    public static func run(_ arguments: [String], console: Console = .standard) async -> Int32 {
        await Console.$current.withValue(console) {
            do {
                var command = try WarehouseCommand.parseAsRoot(arguments)
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
                return WarehouseExitCode.success.rawValue
            } catch let failure as ReportedFailure {
                return failure.exitCode.rawValue
            } catch {
                let code = WarehouseCommand.exitCode(for: error)
                let message = WarehouseCommand.fullMessage(for: error)
                if !message.isEmpty {
                    code == ExitCode.success ? console.print(message) : console.printError(message)
                }
                if code == ExitCode.success || code == ExitCode.validationFailure { return code.rawValue == 0 ? 0 : 1 }
                return WarehouseExitCode.internalError.rawValue
            }
        }
    }
}
