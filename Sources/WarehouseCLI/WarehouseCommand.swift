import ArgumentParser
import Foundation
import WarehouseCore

/// The `wh` command line: one subcommand per file, each a thin layer over the libraries.
struct WarehouseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wh",
        abstract: "A SQL-first data warehouse toolkit: templated SQL models built into a warehouse in Postgres.",
        version: "wh \(WarehouseVersion.current)",
        subcommands: [
            CompileCommand.self, ListCommand.self, ParseCommand.self, SeedCommand.self, RunCommand.self,
            SnapshotCommand.self, TestCommand.self, BuildCommand.self, RetryCommand.self, DatabaseCommand.self,
            KafkaCommand.self, GenerateCommand.self, IngestCommand.self, InitCommand.self, DepsCommand.self,
            ServeCommand.self,
        ])

}

/// The entry point of `wh`, callable in-process by tests.
public enum CommandLineTool {
    /// Runs `wh` with `arguments` (without the program name) and returns the exit code; output goes to `console`.
    ///
    /// - Parameters:
    ///   - environment: the environment variables commands read (`WH_DATABASE_URL`, `PG*`, `PATH`); `nil` reads
    ///     the process's.
    ///   - exitsAfterwards: whether the process ends when this returns, so large results need not be freed.
    public static func run(
        _ arguments: [String], console: Console = .standard, environment: [String: String]? = nil,
        exitsAfterwards: Bool = false
    ) async -> Int32 {
        await Invocation.$environment.withValue(environment ?? ProcessInfo.processInfo.environment) {
            await ExitTimeRelease.$isEnabled.withValue(exitsAfterwards) {
                await run(arguments, console)
            }
        }
    }

    private static func run(_ arguments: [String], _ console: Console) async -> Int32 {
        await Console.$current.withValue(console) {
            if let unknown = UnknownCommand.message(for: arguments) {
                console.printError(unknown)
                return WarehouseExitCode.userError.rawValue
            }
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
            } catch let failure as TargetWriteError {
                // A full or read-only disk is the user's to fix: a message and exit 1, not a fault in `wh`.
                console.printError(failure.description)
                return (failure.isUserError ? WarehouseExitCode.userError : .internalError).rawValue
            } catch {
                let code = WarehouseCommand.exitCode(for: error)
                // `COLUMNS` from the invocation's environment, so help is wrapped the same way in tests as in scripts.
                let columns = Invocation.environment["COLUMNS"].flatMap { Int($0) }
                let message = WarehouseCommand.fullMessage(for: error, columns: columns)
                if !message.isEmpty {
                    code == ExitCode.success ? console.print(message) : console.printError(message)
                }
                if code == ExitCode.success || code == ExitCode.validationFailure { return code.rawValue == 0 ? 0 : 1 }
                return WarehouseExitCode.internalError.rawValue
            }
        }
    }
}
