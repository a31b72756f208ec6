import Foundation
import PostgresClient
import WarehouseCore
import WarehouseDigest
import WarehouseEngine

/// The previous state that `state:` and `result:` selectors compare with, read only when the selection uses them.
///
/// `state:` compares with `wh`'s record of the last successful build of each node (`wh_meta.node_state`) unless
/// `--state DIR` names a manifest to compare with, as dbt's `--state` does; `result:` reads `run_results.json` from
/// that folder, else from the project's target folder.
enum SelectionStateLoader {
    /// The state for `selection`, `nil` when it uses neither method; problems are reported and fail the command.
    ///
    /// `connection` is asked for only when `state:` compares with the warehouse's record (commands that do not
    /// otherwise connect, `wh compile` and `wh ls`, connect then).
    static func load(
        for selection: SelectionOptions, project: Project, compiled: CompiledProject,
        connection: () async throws -> ConnectionConfiguration
    ) async throws -> SelectionState? {
        let needed = NodeSelector.stateNeeded(by: selection.select + selection.exclude)
        guard needed.fingerprints || needed.results else { return nil }
        var state = SelectionState()
        let database = needed.fingerprints && selection.stateDirectory == nil ? try await connection() : nil
        do throws(StateFileError) {
            if needed.fingerprints { state.changes = try await changes(selection, project, compiled, database) }
            if needed.results {
                let folder = selection.stateDirectory ?? project.settings.targetPath
                state.results = try PreviousRunResults.statuses(
                    at: URL(fileURLWithPath: folder, relativeTo: project.root).appendingPathComponent(
                        "run_results.json"),
                    displayPath: folder + "/run_results.json")
            }
        } catch {
            Console.current.printError(error.description)
            throw ReportedFailure(exitCode: .userError)
        }
        return state
    }

    private static func changes(
        _ selection: SelectionOptions, _ project: Project, _ compiled: CompiledProject,
        _ connection: ConnectionConfiguration?
    ) async throws(StateFileError) -> [NodeID: Set<NodeFingerprint.Dimension>] {
        if let folder = selection.stateDirectory {
            return try ManifestState.changes(
                of: compiled,
                macroTexts: Dictionary(project.macroFiles.map { ($0.path, $0.text) }) { first, _ in first },
                manifestAt: URL(fileURLWithPath: folder, relativeTo: project.root)
                    .appendingPathComponent("manifest.json"),
                displayPath: folder + "/manifest.json")
        }
        guard let connection else { return [:] }
        let records: [NodeID: NodeStateStore.Record]
        do {
            records = try await BlockingWork.run {
                try NodeStateStore(
                    connection: try Connection.connect(connection, logger: ConsoleLogHandler.postgresLogger())
                )
                .load() ?? [:]
            }
        } catch {
            throw StateFileError(path: "wh_meta.node_state", problem: "\(error)")
        }
        guard !records.isEmpty else {
            throw StateFileError(
                path: "wh_meta.node_state",
                problem: "no node was built in this warehouse yet, so nothing is modified relative to anything; "
                    + "build first (wh build), or pass --state DIR to compare with a manifest")
        }
        return SelectionState.changes(
            of: NodeFingerprint.all(of: compiled, projectRoot: project.root, sha256: { FileDigest.hex(of: $0) }),
            since: records.mapValues(\.fingerprint))
    }
}
