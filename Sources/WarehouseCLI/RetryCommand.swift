import ArgumentParser
import Foundation
import WarehouseCore
import WarehouseEngine

/// `wh retry`: runs again what did not finish well in the last `wh run`, `wh build`, `wh seed`, `wh snapshot` or
/// `wh test`.
///
/// The nodes come from `target/run_results.json` (errors, failed tests, skipped nodes, microbatch models with failed
/// batches), run by the same command with their tests. A microbatch model builds the batches its ledger lacks,
/// which are the ones that failed, planned against the retried run's start as dbt does.
struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Rerun the nodes that failed or were skipped in the last run (from target/run_results.json).")

    @OptionGroup var project: ProjectOptions
    @OptionGroup var execution: ExecutionArguments
    @OptionGroup var wait: WaitTimeoutOption

    func run() async throws {
        let loaded = try project.loadProject()
        let path = loaded.settings.targetPath + "/run_results.json"
        let last: LastRunResults
        do throws(LastRunResultsError) {
            last = try LastRunResults.read(loaded.root.appendingPathComponent(path), displayPath: path)
        } catch {
            Console.current.printError(error.description)
            throw ReportedFailure(exitCode: .userError)
        }
        guard !last.nodesToRetry.isEmpty else {
            Console.current.print("Nothing to retry: every node of the last run in \(path) succeeded.")
            return
        }
        try await ExecutionCommand.run(
            loaded, selection: SelectionOptions(), execution: execution, types: Self.types(of: last.command),
            waitTimeout: wait.seconds, retry: last)
    }

    /// The node types the retried command ran (`build` when the file does not say).
    static func types(of command: String?) -> Set<ResourceType> {
        switch command {
        case "run": [.model]
        case "seed": [.seed]
        case "snapshot": [.snapshot]
        case "test": [.test]
        default: [.seed, .model, .test]
        }
    }
}
