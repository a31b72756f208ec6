import ArgumentParser
import WarehouseCore

/// `wh snapshot`: records the selected snapshots' changes (SCD type 2), in dependency order.
struct SnapshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Record the selected snapshots: close changed rows' versions and insert the new ones.")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var execution: ExecutionArguments
    @OptionGroup var wait: WaitTimeoutOption

    func run() async throws {
        try await ExecutionCommand.run(
            project: project, selection: selection, execution: execution, types: [.snapshot],
            waitTimeout: wait.seconds)
    }
}
