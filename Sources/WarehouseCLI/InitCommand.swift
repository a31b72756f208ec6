import ArgumentParser
import Foundation
import WarehouseCore

/// `wh init [NAME]`: a starter project that `wh build` runs as it is; never overwrites a file.
///
/// With `--from-dbt DIR` it writes the `wh` settings (project.yml with the profile's connection) beside a dbt
/// project instead.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a starter project, or write wh's settings beside a dbt project (--from-dbt).",
        discussion: """
            wh init NAME creates the folder NAME holding project.yml, a seed, a model with tests and a README; \
            wh build runs it straight away on the embedded Postgres. Without NAME the current folder is used. \
            With --from-dbt DIR, project.yml is written beside DIR/dbt_project.yml: dbt's settings and the \
            connection of the profile's target from profiles.yml (--profiles-dir, else DBT_PROFILES_DIR, else DIR, \
            else ~/.dbt). Existing files are never overwritten.
            """)

    @Argument(help: "The folder to create; its name, made an identifier, names the project (default: .).")
    var name: String?

    @Option(name: .customLong("from-dbt"), help: "A dbt project folder to write wh's settings into.")
    var dbtProject: String?

    @Option(name: .customLong("profiles-dir"), help: "The folder holding dbt's profiles.yml (with --from-dbt).")
    var profilesDirectory: String?

    @Option(name: .customLong("target"), help: "The profile's target to connect to (default: its `target:`).")
    var target: String?

    func validate() throws {
        if name != nil, dbtProject != nil {
            throw ValidationError("give either NAME or --from-dbt DIR, not both")
        }
        if dbtProject == nil, profilesDirectory != nil || target != nil {
            throw ValidationError("--profiles-dir and --target go with --from-dbt")
        }
    }

    func run() async throws {
        if let dbtProject {
            try DbtProjectImport(folder: Self.url(dbtProject), profilesDirectory: profilesDirectory, target: target)
                .run()
            return
        }
        let folder = Self.url(name ?? ".")
        let projectName = Self.identifier(from: folder.lastPathComponent)
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent(ProjectSettings.dbtFile).path) {
            Console.current.printError(
                """
                error: \(Self.display(folder, ProjectSettings.dbtFile)) is a dbt project
                  help: run `wh init --from-dbt \(name ?? ".")` to write wh's settings beside it
                """)
            throw ReportedFailure(exitCode: .userError)
        }
        let files = StarterProject.files(name: projectName)
        try Self.write(files, into: folder)
        Console.current.print(
            """
            Created the project '\(projectName)' in \(folder.path):
            \(files.map { "  " + $0.path }.joined(separator: "\n"))
            Next: \(name.map { "cd \($0) && " } ?? "")wh build
            """)
    }

    /// Writes `files` under `folder`, or none of them when any already exists.
    static func write(_ files: [(path: String, text: String)], into folder: URL) throws {
        let existing = files.map(\.path).filter {
            FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path)
        }
        guard let first = existing.first else {
            try create(files, in: folder)
            return
        }
        let others = existing.count == 1 ? "" : " (and \(existing.count - 1) more of the files it writes)"
        Console.current.printError(
            """
            error: \(display(folder, first)) already exists\(others); wh init wrote nothing
              help: wh init never overwrites a file: choose a new folder, or move the existing files away
            """)
        throw ReportedFailure(exitCode: .userError)
    }

    private static func create(_ files: [(path: String, text: String)], in folder: URL) throws {
        do {
            for file in files {
                let url = folder.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: url, options: .withoutOverwriting)
            }
        } catch {
            Console.current.printError("error: could not write the project in \(folder.path): \(error)")
            throw ReportedFailure(exitCode: .userError)
        }
    }

    static func url(_ path: String) -> URL {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
    }

    /// `folder/file` as the user would write it.
    static func display(_ folder: URL, _ file: String) -> String {
        folder.appendingPathComponent(file).path
    }

    /// `my-shop` -> `my_shop`: letters, digits and underscores, not starting with a digit.
    static func identifier(from name: String) -> String {
        let cleaned = String(
            name.lowercased().map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        guard let first = cleaned.first else { return "my_project" }
        return first.isNumber ? "project_" + cleaned : cleaned
    }
}
