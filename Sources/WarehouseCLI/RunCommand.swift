import ArgumentParser
import WarehouseCore

/// `wh run`: builds the selected models in dependency order, in parallel.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Build the selected models in dependency order, several at once.")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var execution: ExecutionArguments
    @OptionGroup var fullRefresh: FullRefreshOption
    @OptionGroup var wait: WaitTimeoutOption
    @OptionGroup var eventTime: EventTimeOption

    func run() async throws {
        try await ExecutionCommand.run(
            project: project, selection: selection, execution: execution, types: [.model],
            fullRefresh: fullRefresh.isOn, waitTimeout: wait.seconds, eventTimeRange: eventTime.range)
    }
}
