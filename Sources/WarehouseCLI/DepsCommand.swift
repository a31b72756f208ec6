import ArgumentParser
import WarehouseCore
import WarehouseEngine

/// `wh deps`: installs the packages of `packages.yml` (or `dependencies.yml`) and writes `package-lock.yml`.
struct DepsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deps",
        abstract: "Install the packages named in packages.yml into dbt_packages/ and write package-lock.yml.",
        discussion: """
            Packages come from a local folder (local:), a git repository (git:, with revision: and \
            subdirectory:) or the package hub (package: org/name, with a version range); DBT_PACKAGE_HUB_URL \
            names another hub. A package-lock.yml made from the same packages.yml is installed as pinned.
            """)

    @Option(name: .customLong("project-dir"), help: "The project folder (holding project.yml or dbt_project.yml).")
    var projectDirectory: String = "."

    func run() async throws {
        let root = ProjectOptions.root(projectDirectory)
        let settings: ProjectSettings
        let packagesFile: PackagesFile?
        do throws(ProjectError) {
            (settings, packagesFile) = try ProjectLoader.loadDependencies(root: root)
        } catch {
            Console.current.printError(error.description)
            throw ReportedFailure(exitCode: .userError)
        }
        guard let packagesFile, !packagesFile.packages.isEmpty else {
            Console.current.print("No packages to install: the project has no packages.yml or dependencies.yml")
            return
        }
        let installer = PackageInstaller(
            root: root, settings: settings, packagesFile: packagesFile, environment: Invocation.environment
        ) { line in Console.current.print(line) }
        do throws(PackageInstallError) {
            let lock = try installer.install()
            Console.current.print(
                "Installed \(lock.packages.count) package(s) into \(settings.packagesInstallPath)/; wrote "
                    + PackageLock.fileName)
        } catch {
            Console.current.printError(error.description)
            throw ReportedFailure(exitCode: .userError)
        }
    }
}
