public import Foundation
import SQLTemplate
import Yams

/// Reads a project folder into a `Project`, reporting every problem found rather than only the first.
public enum ProjectLoader {
    /// Loads the project at `root`; `cliVars` is the `--vars` YAML mapping, when given.
    ///
    /// With `profiles`, a project that names a dbt `profile` and configures no connection of its own (no
    /// `connection:`, no `WH_DATABASE_URL`) takes the connection and `target` of that profile's target in
    /// profiles.yml (see ``DbtProfileSelection``).
    public static func load(root: URL, cliVars: String?, profiles: DbtProfileSelection? = nil) throws(ProjectError)
        -> Project
    {
        var loading = ProjectLoading(discovery: FileDiscovery(root: root))
        let project = loading.run(cliVars: cliVars, profiles: profiles)
        let errors = loading.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, var project else {
            throw ProjectError(diagnostics: errors.sorted { $0.location < $1.location })
        }
        project.warnings = loading.diagnostics.filter { $0.severity != .error }.sorted { $0.location < $1.location }
        return project
    }

    /// The project file's settings and the packages file (`packages.yml` or `dependencies.yml`, nil when there is
    /// none) of the project at `root`, without loading anything else: what `wh deps` needs before packages exist.
    public static func loadDependencies(root: URL) throws(ProjectError) -> (ProjectSettings, PackagesFile?) {
        var loading = ProjectLoading(discovery: FileDiscovery(root: root))
        let settings = loading.readSettings()
        let packages = loading.readPackagesFile()
        let errors = loading.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, let settings else { throw ProjectError(diagnostics: errors) }
        return (settings, packages)
    }
}

/// The state of one load: the files found so far and every diagnostic.
struct ProjectLoading {
    var discovery: FileDiscovery
    var diagnostics: [Diagnostic] = []
    /// For an installed package: its folder relative to the root project, and the root project's settings, whose
    /// configs apply over the package's own.
    var package: (folder: String, root: ProjectSettings)?

    init(discovery: FileDiscovery) {
        self.discovery = discovery
    }

    mutating func run(cliVars: String?, profiles: DbtProfileSelection?) -> Project? {
        guard var settings = readSettings() else { return nil }
        if let cliVars { settings.vars.commandLine = readCommandLineVars(cliVars) }
        if let profiles { applyProfile(profiles, to: &settings) }
        renderTemplatedConfigs(&settings, environment: profiles?.environment ?? [:])
        var project = Project(root: discovery.root, settings: settings)
        let propertyFolders =
            settings.modelPaths + settings.seedPaths + settings.macroPaths + settings.testPaths + settings.snapshotPaths
        project.propertyFiles = discovery.files(under: propertyFolders, extensions: ["yml", "yaml"])
        let modelFiles = discovery.files(under: settings.modelPaths, extensions: ["sql"])
        let seedFiles = discovery.files(under: settings.seedPaths, extensions: ["csv"])
        // Parsing the property files is the larger part of a load: the other files are read and checked meanwhile.
        let propertyFiles = BackgroundWork { [discovery, paths = project.propertyFiles] in
            LoadedPropertyFiles(paths, discovery: discovery, modelFiles: modelFiles, seedFiles: seedFiles)
        }
        let generic = settings.testPaths.map { $0 + "/generic/" }
        // Unit test fixtures live in the test paths' `fixtures/`, as in dbt: they are neither tests nor macros.
        let fixtures = settings.testPaths.map { $0 + "/fixtures/" }
        let inFixtures = { (path: String) in fixtures.contains { path.hasPrefix($0) } }
        let testFiles = discovery.files(under: settings.testPaths, extensions: ["sql"]).filter { !inFixtures($0) }
        project.fixtureFiles = textFiles(
            discovery.files(under: settings.testPaths, extensions: ["sql", "csv"]).filter(inFixtures))
        project.models = nodes(.model, modelFiles, settings)
        project.seeds = nodes(.seed, seedFiles, settings)
        project.singularTests = nodes(
            .test, testFiles.filter { path in !generic.contains { path.hasPrefix($0) } }, settings)
        project.macroFiles = textFiles(
            discovery.files(under: settings.macroPaths, extensions: ["sql"])
                + testFiles.filter { path in generic.contains { path.hasPrefix($0) } }
        )
        project.docFiles = textFiles(discovery.files(under: settings.docsPaths, extensions: ["md"]))
        let snapshotFiles = textFiles(discovery.files(under: settings.snapshotPaths, extensions: ["sql"]))
        let loadedPropertyFiles = propertyFiles.wait()
        attach(loadedPropertyFiles, to: &project)
        let snapshots = SnapshotDefinitions(
            files: snapshotFiles, propertyFiles: loadedPropertyFiles.files, settings: settings)
        project.snapshots = snapshots.nodes
        diagnostics += snapshots.diagnostics
        checkDuplicateNames(project.models, project.seeds, project.snapshots)
        if package == nil { project.packages = loadPackages(settings) }
        return project
    }

    // MARK: Project file

    mutating func readSettings() -> ProjectSettings? {
        let prefix = package.map { $0.folder + "/" } ?? ""
        let file = [ProjectSettings.ownFile, ProjectSettings.dbtFile].map { prefix + $0 }.first { discovery.exists($0) }
        guard let file else {
            diagnostics.append(
                Diagnostic(
                    location: SourceLocation(path: ProjectSettings.ownFile, line: 1, column: 1),
                    message: "no project.yml or dbt_project.yml in \(discovery.root.path)",
                    help: "run wh in a project folder, or create one with `wh init`"
                )
            )
            return nil
        }
        guard let text = read(file) else { return nil }
        var reader = YAMLReader(path: file, text: text)
        let root = reader.compose()
        var settings = reader.projectSettings(root)
        diagnostics += reader.diagnostics
        if let package { settings?.placePaths(under: package.folder) }
        return settings
    }

    /// The connection and target of the dbt profile the project names, when nothing else configures a connection.
    private mutating func applyProfile(_ profiles: DbtProfileSelection, to settings: inout ProjectSettings) {
        let databaseURL = profiles.environment["WH_DATABASE_URL"] ?? ""
        guard let profile = settings.profile, settings.connection == nil, databaseURL.isEmpty,
            let (file, named) = profiles.profilesFile(
                projectRoot: discovery.root,
                workingDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        else { return }
        let root = discovery.root.standardizedFileURL.path + "/"
        let path = file.path.hasPrefix(root) ? String(file.path.dropFirst(root.count)) : file.path
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            if named {
                diagnostics.append(
                    Diagnostic(
                        location: SourceLocation(path: path, line: 1, column: 1),
                        message: "no readable profiles.yml at \(file.path)",
                        help: "point --profiles-dir (or DBT_PROFILES_DIR) at the folder holding dbt's profiles.yml"))
            }
            return
        }
        do throws(ProjectError) {
            let target = try DbtProfileTarget.read(
                profilesText: text, path: path, profile: profile, target: profiles.target
            ).rendered(environment: profiles.environment, path: path, text: text)
            settings.connection = target.connectionSettings(
                at: target.valueLocations["host"] ?? SourceLocation(path: path, line: 1, column: 1))
            settings.target = target.targetSettings(over: settings.target)
        } catch {
            diagnostics += error.diagnostics
        }
    }

    /// Renders the config values of the project file written as templates, as dbt renders dbt_project.yml: with
    /// `env_var`, `var` (the project's and `--vars`) and `target` (known by now, from the profile if any).
    private mutating func renderTemplatedConfigs(_ settings: inout ProjectSettings, environment: [String: String]) {
        let trees = [settings.modelConfigs, settings.seedConfigs, settings.testConfigs, settings.sourceConfigs]
        guard trees.contains(where: \.hasTemplatedEntries), let text = read(settings.file) else { return }
        let templates = Environment()
        let target = settings.target
        templates.globals = [
            "env_var": .function(EnvVarFunction.make(environment)),
            "var": .function(SharedGlobals.varFunction(settings.vars.all(for: settings.name))),
            "target": .object(
                NamespaceObject(
                    [
                        "name": .string(target.name), "schema": .string(target.schema), "type": .string(target.type),
                        "threads": .int(target.threads), "profile_name": .string(settings.profile ?? settings.name),
                    ], rendered: target.name)),
            "project_name": .string(settings.name),
        ]
        func render(_ tree: ConfigTree) -> ConfigTree {
            tree.rendered(with: templates, projectText: text, diagnostics: &diagnostics)
        }
        settings.modelConfigs = render(settings.modelConfigs)
        settings.seedConfigs = render(settings.seedConfigs)
        settings.testConfigs = render(settings.testConfigs)
        settings.sourceConfigs = render(settings.sourceConfigs)
    }

    private mutating func readCommandLineVars(_ text: String) -> [String: Literal] {
        var reader = YAMLReader(path: "--vars", text: text)
        var vars: [String: Literal] = [:]
        if let root = reader.compose() {
            vars = reader.dictionary(root, "`--vars`")
        }
        diagnostics += reader.diagnostics
        return vars
    }

    // MARK: Nodes

    /// The nodes of `type` at `paths`, in order: the files are read and the nodes made on all cores.
    private mutating func nodes(_ type: ResourceType, _ paths: [String], _ settings: ProjectSettings) -> [ProjectNode] {
        let texts = type == .seed ? nil : discovery.read(paths)
        var folders: [NodeFolder] = []
        // Each readable file by its index in `paths`, with its folder's index in `folders`.
        var files: [(index: Int, folder: Int)] = []
        files.reserveCapacity(paths.count)
        var parent: Substring?
        for (index, path) in paths.enumerated() {
            if let texts, texts[index] == nil {
                unreadable(path)
                continue
            }
            let folder = FileDiscovery.folder(of: path)
            if folder != parent {
                parent = folder
                folders.append(NodeFolder(type, holding: path, settings: settings, root: package?.root))
            }
            files.append((index, folders.count - 1))
        }
        return files.concurrentMap { [folders] file in
            folders[file.folder].node(path: paths[file.index], rawSQL: texts?[file.index])
        }
    }

    private mutating func textFiles(_ paths: [String]) -> [ProjectFile] {
        var result: [ProjectFile] = []
        for (path, text) in zip(paths, discovery.read(paths)) {
            if let text { result.append(ProjectFile(path: path, text: text)) } else { unreadable(path) }
        }
        return result
    }

    private mutating func read(_ path: String) -> String? {
        if let text = discovery.read(path) { return text }
        unreadable(path)
        return nil
    }

    private mutating func unreadable(_ path: String) {
        diagnostics.append(UTF8File.unreadable(path))
    }

    /// Two enabled models, seeds or snapshots may not share a name: `ref()` could not tell them apart.
    private mutating func checkDuplicateNames(_ groups: [ProjectNode]...) {
        // The first enabled node of each name, by its group and index: only names are read on the way.
        var first: [String: (group: Int, index: Int)] = [:]
        first.reserveCapacity(groups.reduce(0) { $0 + $1.count })
        for (groupIndex, group) in groups.enumerated() {
            // By index: a loop over the nodes would copy each one.
            for index in group.indices where group[index].config.enabled {
                // One lookup for a new name, the common case; a taken name gets its first node back.
                guard let earlier = first.updateValue((groupIndex, index), forKey: group[index].name) else { continue }
                first[group[index].name] = earlier
                let (node, earlierNode) = (group[index], groups[earlier.group][earlier.index])
                let what =
                    earlierNode.resourceType == node.resourceType ? "\(node.resourceType.rawValue)s" : "resources"
                diagnostics.append(
                    Diagnostic(
                        location: node.location ?? SourceLocation(path: node.path, line: 1, column: 1),
                        message: "two \(what) are named '\(node.name)': \(earlierNode.path) and \(node.path)",
                        help: "rename one of the files; a \(node.resourceType.rawValue)'s name is its file name"
                    )
                )
            }
        }
    }

    // MARK: Property files

    /// Reports what the property files say that does not fit the nodes, and gives each node its entry.
    private mutating func attach(_ propertyFiles: LoadedPropertyFiles, to project: inout Project) {
        let (collector, modelProperties, seedProperties) = propertyFiles.collected(
            models: project.models, seeds: project.seeds)
        diagnostics += collector.diagnostics
        project.sources = collector.sources
        project.unitTests = collector.unitTests
        project.kpis = collector.kpis
        for (index, properties) in zip(project.models.indices, modelProperties) {
            project.models[index].properties = properties
        }
        for (index, properties) in zip(project.seeds.indices, seedProperties) {
            project.seeds[index].properties = properties
        }
    }
}
