import ArgumentParser
import WarehouseCore

/// `wh test`: runs the selected data tests in parallel; error-severity failures exit 1, warnings do not.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Run the selected data tests and report failing rows.")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var execution: ExecutionArguments

    func run() async throws {
        try await ExecutionCommand.run(project: project, selection: selection, execution: execution, types: [.test])
    }
}
