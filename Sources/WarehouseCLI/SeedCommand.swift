import ArgumentParser
import WarehouseCore

/// `wh seed`: loads `seeds/*.csv` into tables with COPY.
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed", abstract: "Load the selected seed CSV files into tables (COPY, checked first).")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var execution: ExecutionArguments
    @OptionGroup var fullRefresh: FullRefreshOption
    @OptionGroup var noSkip: NoSkipOption
    @OptionGroup var wait: WaitTimeoutOption

    func run() async throws {
        try await ExecutionCommand.run(
            project: project, selection: selection, execution: execution, types: [.seed],
            fullRefresh: fullRefresh.isOn, skipUpToDate: !noSkip.isOn, waitTimeout: wait.seconds)
    }
}
