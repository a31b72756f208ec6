import ArgumentParser
import Foundation
import SQLTemplate
import WarehouseCore

/// Options every project command takes.
struct ProjectOptions: ParsableArguments {
    @Option(name: .customLong("project-dir"), help: "The project folder (holding project.yml or dbt_project.yml).")
    var projectDirectory: String = "."

    @Option(name: .customLong("vars"), help: "Variables as a YAML mapping, e.g. '{start_date: \"2024-01-01\"}'.")
    var vars: String?

    @Option(
        name: .customLong("profiles-dir"),
        help:
            "The folder of dbt's profiles.yml, for a dbt project with no other connection (default: DBT_PROFILES_DIR, the project folder, ~/.dbt)."
    )
    var profilesDirectory: String?

    @Option(
        name: .customLong("target"), help: "The target of the dbt profile to use (default: the profile's `target:`).")
    var target: String?

    var projectRoot: URL { Self.root(projectDirectory) }

    /// The folder `--project-dir` names, absolute.
    static func root(_ directory: String) -> URL {
        URL(fileURLWithPath: directory, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
    }

    /// Loads the project, reporting every problem found.
    func loadProject() throws -> Project {
        do throws(ProjectError) {
            let profiles = DbtProfileSelection(
                profilesDirectory: profilesDirectory, target: target, environment: Invocation.environment)
            let project = try ProjectLoader.load(root: projectRoot, cliVars: vars, profiles: profiles)
            for warning in project.warnings { Console.current.printError(warning.description) }
            return project
        } catch {
            Console.current.printError(error.description)
            throw ReportedFailure(exitCode: .userError)
        }
    }
}

/// `--select` and `--exclude`, in dbt's syntax.
struct SelectionOptions: ParsableArguments {
    @Option(
        name: [.customShort("s"), .customLong("select")], parsing: .upToNextOption,
        help: "Nodes to include: names, +model, model+, tag:x, path:models/gold, config.materialized:table, ...")
    var select: [String] = []

    @Option(name: .customLong("exclude"), parsing: .upToNextOption, help: "Nodes to leave out, same syntax.")
    var exclude: [String] = []

    @Option(
        name: .customLong("state"),
        help: """
            A folder with a manifest.json (and run_results.json) for state: and result: selectors to compare \
            with; by default state: compares with this warehouse's record of the last builds.
            """)
    var stateDirectory: String?

    /// The selected node ids, or nil when nothing narrows the selection; a `--select` term that matches nothing is
    /// warned about.
    ///
    /// `state` is what `state:` and `result:` compare with (``SelectionStateLoader``).
    func selectedIDs(in graph: DependencyGraph, state: SelectionState? = nil) throws -> Set<NodeID>? {
        guard !select.isEmpty || !exclude.isEmpty else { return nil }
        let selector = NodeSelector(state: state)
        do throws(SelectionError) {
            let selected = try selector.select(graph, select: select, exclude: exclude)
            for warning in selector.unmatched(graph, select: select) {
                Console.current.printError(warning.description)
            }
            return selected
        } catch {
            Console.current.printError(error.description)
            throw ReportedFailure(exitCode: .userError)
        }
    }
}
