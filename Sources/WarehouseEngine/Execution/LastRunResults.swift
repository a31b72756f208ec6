public import Foundation
public import WarehouseCore

/// What `wh retry` needs from the last run's `run_results.json`: the command, when it started, and the nodes that
/// did not finish well.
public struct LastRunResults: Sendable {
    /// dbt's statuses `retry` runs again: errors, failed tests, skipped nodes and microbatch models with failed
    /// batches.
    public static let retriedStatuses: Set<String> = ["error", "fail", "skipped", "partial success", "runtime error"]

    /// `args.which`: `run`, `build`, `seed`, `snapshot` or `test`; `nil` for a file without it.
    public var command: String?
    /// `metadata.invocation_started_at`.
    public var startedAt: Date?
    /// The nodes whose status is one of ``retriedStatuses``.
    public var nodesToRetry: Set<NodeID>

    /// Reads `url`.
    ///
    /// - Throws: ``LastRunResultsError`` when the file is missing or is not a run results file.
    public static func read(_ url: URL, displayPath: String) throws(LastRunResultsError) -> LastRunResults {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw LastRunResultsError(
                message: "\(displayPath) does not exist: there is no last run to retry",
                help: "run `wh run` or `wh build` first")
        }
        let file: RunResultsFile
        do {
            file = try RunResultsFile.decode(data)
        } catch {
            throw LastRunResultsError(
                message: "\(displayPath) is not a run results file (\(error))",
                help: "run `wh run` or `wh build` to write it again")
        }
        let started = file.metadata?.invocationStartedAt.flatMap {
            try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).parse($0)
        }
        return LastRunResults(
            command: file.args?.which, startedAt: started,
            nodesToRetry: Set(file.statuses.filter { retriedStatuses.contains($0.value) }.keys))
    }
}

/// `run_results.json` could not be read for `wh retry`.
public struct LastRunResultsError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var help: String

    public var description: String { "error: \(message)\nhelp: \(help)" }
}
