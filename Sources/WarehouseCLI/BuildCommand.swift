import ArgumentParser
import WarehouseCore

/// `wh build`: seeds, models, snapshots and their tests, in dependency order, in parallel.
struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Load seeds, build models and snapshots and run their tests, in dependency order.")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var execution: ExecutionArguments
    @OptionGroup var fullRefresh: FullRefreshOption
    @OptionGroup var wait: WaitTimeoutOption
    @OptionGroup var eventTime: EventTimeOption

    func run() async throws {
        try await ExecutionCommand.run(
            project: project, selection: selection, execution: execution, types: [.seed, .model, .snapshot, .test],
            fullRefresh: fullRefresh.isOn, waitTimeout: wait.seconds, eventTimeRange: eventTime.range)
    }
}
