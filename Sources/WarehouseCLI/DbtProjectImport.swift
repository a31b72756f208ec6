import Foundation
import WarehouseCore

/// `wh init --from-dbt DIR`: project.yml beside a dbt project's dbt_project.yml, holding dbt's settings and the
/// connection of the profile's target; dbt's files are only read.
struct DbtProjectImport {
    var folder: URL
    var profilesDirectory: String?
    var target: String?

    func run() throws {
        let dbtFile = folder.appendingPathComponent(ProjectSettings.dbtFile)
        guard let dbtText = try? String(contentsOf: dbtFile, encoding: .utf8) else {
            Console.current.printError(
                """
                error: no \(ProjectSettings.dbtFile) in \(folder.path)
                  help: --from-dbt takes the folder of a dbt project
                """)
            throw ReportedFailure(exitCode: .userError)
        }
        let profilesFile = profilesFile()
        guard let profilesText = try? String(contentsOf: profilesFile, encoding: .utf8) else {
            Console.current.printError(
                """
                error: no profiles.yml at \(profilesFile.path)
                  help: point --profiles-dir (or DBT_PROFILES_DIR) at the folder holding dbt's profiles.yml
                """)
            throw ReportedFailure(exitCode: .userError)
        }
        let profile: DbtProfileTarget
        do throws(ProjectError) {
            let name = try DbtProfileTarget.profileName(dbtProjectText: dbtText, path: dbtFile.path)
            profile = try DbtProfileTarget.read(
                profilesText: profilesText, path: profilesFile.path, profile: name, target: target)
        } catch {
            Console.current.printError(error.description)
            throw ReportedFailure(exitCode: .userError)
        }
        try InitCommand.write(
            [(ProjectSettings.ownFile, profile.projectFile(dbtProjectText: dbtText))], into: folder)
        if profile.hasLiteralPassword {
            Console.current.printError(
                """
                note: the password in profiles.yml was not copied into project.yml, a file often committed
                  help: set PGPASSWORD, use ~/.pgpass, or add `password: "{{ env_var('NAME') }}"` under `connection:`
                """)
        }
        if !profile.ignoredKeys.isEmpty {
            Console.current.printError(
                "note: wh has no setting for \(profile.ignoredKeys.joined(separator: ", ")) of the target; left out")
        }
        Console.current.print(
            """
            Wrote \(InitCommand.display(folder, ProjectSettings.ownFile)) from \(ProjectSettings.dbtFile) and the \
            target '\(profile.target)' of the profile '\(profile.profile)' in \(profilesFile.path)
            """)
    }

    /// dbt's order (``DbtProfileSelection``): the option, `DBT_PROFILES_DIR`, the project folder, then `~/.dbt`.
    private func profilesFile() -> URL {
        let selection = DbtProfileSelection(profilesDirectory: profilesDirectory, environment: Invocation.environment)
        let workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return selection.profilesFile(projectRoot: folder, workingDirectory: workingDirectory)?.file
            ?? URL(fileURLWithPath: Invocation.environment["HOME"] ?? NSHomeDirectory())
            .appendingPathComponent(".dbt/profiles.yml")
    }
}
