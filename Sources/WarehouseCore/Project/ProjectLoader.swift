public import Foundation
import SQLTemplate
import Yams

/// Reads a project folder into a `Project`, reporting every problem found rather than only the first.
public enum ProjectLoader {
    /// Loads the project at `root`; `cliVars` is the `--vars` YAML mapping, when given.
    public static func load(root: URL, cliVars: String?) throws(ProjectError) -> Project {
        var loading = ProjectLoading(discovery: FileDiscovery(root: root))
        let project = loading.run(cliVars: cliVars)
        let errors = loading.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, var project else {
            throw ProjectError(diagnostics: errors.sorted { $0.location < $1.location })
        }
        project.warnings = loading.diagnostics.filter { $0.severity != .error }.sorted { $0.location < $1.location }
        return project
    }
}

/// The state of one load: the files found so far and every diagnostic.
private struct ProjectLoading {
    var discovery: FileDiscovery
    var diagnostics: [Diagnostic] = []

    init(discovery: FileDiscovery) {
        self.discovery = discovery
    }

    mutating func run(cliVars: String?) -> Project? {
        guard var settings = readSettings() else { return nil }
        if let cliVars { settings.vars.commandLine = readCommandLineVars(cliVars) }
        var project = Project(root: discovery.root, settings: settings)
        let propertyFolders = settings.modelPaths + settings.seedPaths + settings.macroPaths + settings.testPaths
        project.propertyFiles = discovery.files(under: propertyFolders, extensions: ["yml", "yaml"])
        // Parsing the property files is the larger part of a load: the other files are read and checked meanwhile.
        let parsing = BackgroundWork { [discovery, paths = project.propertyFiles] in
            paths.concurrentMap { path in discovery.read(path).map { ParsedPropertyFile(path: path, text: $0) } }
        }
        let generic = settings.testPaths.map { $0 + "/generic/" }
        let testFiles = discovery.files(under: settings.testPaths, extensions: ["sql"])
        project.models = nodes(.model, discovery.files(under: settings.modelPaths, extensions: ["sql"]), settings)
        project.seeds = nodes(.seed, discovery.files(under: settings.seedPaths, extensions: ["csv"]), settings)
        project.singularTests = nodes(
            .test, testFiles.filter { path in !generic.contains { path.hasPrefix($0) } }, settings)
        project.macroFiles = textFiles(
            discovery.files(under: settings.macroPaths, extensions: ["sql"])
                + testFiles.filter { path in generic.contains { path.hasPrefix($0) } }
        )
        project.docFiles = textFiles(discovery.files(under: settings.docsPaths, extensions: ["md"]))
        checkDuplicateNames(project.models, project.seeds)
        readPropertyFiles(parsing, into: &project)
        return project
    }

    // MARK: Project file

    private mutating func readSettings() -> ProjectSettings? {
        let file = [ProjectSettings.ownFile, ProjectSettings.dbtFile].first { discovery.exists($0) }
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
        let settings = reader.projectSettings(root)
        diagnostics += reader.diagnostics
        return settings
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
                folders.append(NodeFolder(type, holding: path, settings: settings))
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
        diagnostics.append(
            Diagnostic(
                location: SourceLocation(path: path, line: 1, column: 1), message: "cannot read the file as UTF-8 text")
        )
    }

    /// Two enabled models or seeds may not share a name: `ref()` could not tell them apart.
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
                        location: SourceLocation(path: node.path, line: 1, column: 1),
                        message: "two \(what) are named '\(node.name)': \(earlierNode.path) and \(node.path)",
                        help: "rename one of the files; a \(node.resourceType.rawValue)'s name is its file name"
                    )
                )
            }
        }
    }

    // MARK: Property files

    /// Checks the parsed property files against the nodes and attaches their entries.
    private mutating func readPropertyFiles(
        _ parsing: BackgroundWork<[ParsedPropertyFile?]>, into project: inout Project
    ) {
        let (models, seeds, sources) = collect(parsing, of: project)
        project.sources = sources
        for index in project.models.indices {
            project.models[index].properties = models[project.models[index].name]
        }
        for index in project.seeds.indices {
            project.seeds[index].properties = seeds[project.seeds[index].name]
        }
    }

    /// The entries of the property files by model and seed name, and their sources, reporting what does not fit.
    ///
    /// Returning only what it collected keeps `project`'s node arrays unshared, so the caller updates them in place.
    private mutating func collect(_ parsing: BackgroundWork<[ParsedPropertyFile?]>, of project: Project) -> (
        models: [String: NodeProperties], seeds: [String: NodeProperties], sources: [SourceDefinition]
    ) {
        var models = PropertyCollection(kind: .model, names: project.models.map(\.name), others: project.seeds)
        var seeds = PropertyCollection(kind: .seed, names: project.seeds.map(\.name), others: project.models)
        var sources: [SourceDefinition] = []
        var sourceTables: [String: SourceLocation] = [:]
        // The collections were made while the files still parse; each file is nil when it could not be read.
        for (path, parsed) in zip(project.propertyFiles, parsing.wait()) {
            guard let parsed else {
                unreadable(path)
                continue
            }
            diagnostics += parsed.diagnostics
            collect(parsed.file.models, into: &models, text: parsed.text)
            collect(parsed.file.seeds, into: &seeds, text: parsed.text)
            for source in parsed.file.sources {
                for table in source.tables {
                    let key = source.name + "." + table.name
                    if let earlier = sourceTables[key] {
                        duplicate("source table '\(key)'", at: table.location, earlier: earlier, text: parsed.text)
                    } else {
                        sourceTables[key] = table.location
                    }
                }
            }
            sources += parsed.file.sources
        }
        return (models.entries, seeds.entries, sources)
    }

    /// Keeps each entry for an existing node, reporting entries for missing nodes and second entries.
    private mutating func collect(_ entries: [NodeProperties], into collection: inout PropertyCollection, text: String)
    {
        let kind = collection.kind.rawValue
        for entry in entries {
            if let earlier = collection.entries[entry.name] {
                duplicate("\(kind) '\(entry.name)'", at: entry.location, earlier: earlier.location, text: text)
            } else if collection.names.contains(entry.name) {
                collection.entries[entry.name] = entry
            } else {
                let otherKind = collection.otherKind.rawValue
                let help =
                    collection.otherPath(of: entry.name).map {
                        "'\(entry.name)' is a \(otherKind) (\($0)); describe it under `\(otherKind)s:`"
                    }
                    ?? ClosestName.help(for: entry.name, among: collection.names)
                diagnostics.append(
                    Diagnostic(
                        location: entry.location,
                        message: "property file describes \(kind) '\(entry.name)', but no \(kind) has that name",
                        help: help
                    ).withSourceLine(from: text)
                )
            }
        }
    }

    private mutating func duplicate(_ what: String, at location: SourceLocation, earlier: SourceLocation, text: String)
    {
        diagnostics.append(
            Diagnostic(
                location: location, message: "\(what) is already described at \(earlier)",
                help: "merge the two entries into one"
            ).withSourceLine(from: text)
        )
    }
}

/// One property file read on its own, before its entries are checked against the project's nodes.
private struct ParsedPropertyFile: Sendable {
    let text: String
    let file: PropertyFile
    let diagnostics: [Diagnostic]

    init(path: String, text: String) {
        var reader = YAMLReader(path: path, text: text)
        file = reader.propertyFile(reader.compose())
        diagnostics = reader.diagnostics
        self.text = text
    }
}

/// Property file entries of one kind, by node name, with the names they may refer to.
private struct PropertyCollection {
    let kind: ResourceType
    let names: Set<String>
    let otherKind: ResourceType
    /// The nodes of the other kind, to say when an entry sits under the wrong key.
    private let others: [ProjectNode]
    /// Paths of `others` by name, the first of each name; made when an entry first needs it.
    private var otherPaths: [String: String]?
    var entries: [String: NodeProperties] = [:]

    init(kind: ResourceType, names: [String], others: [ProjectNode]) {
        self.kind = kind
        self.names = Set(names)
        otherKind = kind == .model ? .seed : .model
        self.others = others
        entries.reserveCapacity(names.count)
    }

    /// The path of the first node of the other kind named `name`.
    mutating func otherPath(of name: String) -> String? {
        if otherPaths == nil {
            otherPaths = Dictionary(others.lazy.map { ($0.name, $0.path) }) { first, _ in first }
        }
        return otherPaths?[name]
    }
}
