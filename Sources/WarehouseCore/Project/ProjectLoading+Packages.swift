import Foundation
import SQLTemplate

extension ProjectLoading {
    /// The packages installed in the root project's `packages-install-path`, each loaded as a project of its own
    /// with the root project's configs over its own, as dbt loads them.
    ///
    /// A project that names more packages than are installed gets one error saying to run `wh deps`.
    mutating func loadPackages(_ settings: ProjectSettings) -> [Project] {
        let installPath = settings.packagesInstallPath
        let installed = Self.installedPackageFolders(discovery.root.appendingPathComponent(installPath))
        if let specified = readPackagesFile(), specified.packages.count > installed.count {
            let missing = specified.packages.count - installed.count
            diagnostics.append(
                Diagnostic(
                    location: specified.packages[installed.count].location,
                    message:
                        "\(specified.path) names \(specified.packages.count) package(s) and \(installed.count) "
                        + "\(installed.count == 1 ? "is" : "are") installed in \(installPath)/: \(missing) missing",
                    help: "run `wh deps` to install them"))
            return []
        }
        if let problem = DbtCompatibility.problem(settings, package: settings.name) { diagnostics.append(problem) }
        var packages: [Project] = []
        for folder in installed {
            var loading = ProjectLoading(discovery: FileDiscovery(root: discovery.root))
            loading.package = ("\(installPath)/\(folder)", settings)
            let loaded = loading.run(cliVars: nil, profiles: nil)
            diagnostics += loading.diagnostics
            guard let loaded else { continue }
            if let problem = DbtCompatibility.problem(loaded.settings, package: loaded.name) {
                diagnostics.append(problem)
            }
            if loaded.name == settings.name || packages.contains(where: { $0.name == loaded.name }) {
                diagnostics.append(
                    Diagnostic(
                        location: SourceLocation(path: loaded.settings.file, line: 1, column: 1),
                        message: "two projects are named '\(loaded.name)'",
                        help: "a package's name must differ from the project's and from every other package's"))
                continue
            }
            packages.append(loaded)
        }
        return packages
    }

    /// `dependencies.yml` or `packages.yml` of the root project, when it has one.
    mutating func readPackagesFile() -> PackagesFile? {
        guard let path = PackagesFile.fileNames.first(where: { discovery.exists($0) }), let text = discovery.read(path)
        else { return nil }
        let (file, problems) = PackagesFile.read(path: path, text: text)
        diagnostics += problems
        return file
    }

    /// The folders of `installPath` holding a project file, sorted; installed packages are often symbolic links.
    static func installedPackageFolders(_ installPath: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: installPath.path)) ?? []
        return names.filter { name in
            !name.hasPrefix(".")
                && [ProjectSettings.dbtFile, ProjectSettings.ownFile].contains { file in
                    FileManager.default.fileExists(
                        atPath: installPath.appendingPathComponent(name).appendingPathComponent(file).path)
                }
        }
        .sorted()
    }
}

extension ProjectSettings {
    /// Moves every folder of a package's project file under `folder` (its place in the root project), so its
    /// files get paths relative to the root project.
    mutating func placePaths(under folder: String) {
        func place(_ paths: [String]) -> [String] { paths.map { $0 == "." ? folder : "\(folder)/\($0)" } }
        modelPaths = place(modelPaths)
        seedPaths = place(seedPaths)
        macroPaths = place(macroPaths)
        testPaths = place(testPaths)
        snapshotPaths = place(snapshotPaths)
        docsPaths = place(docsPaths)
    }
}
