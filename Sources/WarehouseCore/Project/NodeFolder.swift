/// What a node's folder decides about it: the folders below the resource path, and the config the project file
/// gives that folder.
///
/// Worked out once per folder, since a project has many nodes and few folders.
struct NodeFolder: Sendable {
    let type: ResourceType
    /// Folders between the resource path and the files: `["staging"]`.
    let folders: [String]
    /// `[project, ...folders]`.
    let fqnPrefix: [String]
    /// Defaults refined by every config tree level down to this folder.
    let config: NodeConfig
    /// The config tree level of this folder, whose children may configure single nodes; nil when the tree stops
    /// above the folder.
    let level: ConfigTree?
    /// In a package: the root project's config tree level of this folder (its entries under the package's name
    /// win over the package's own).
    let rootLevel: ConfigTree?

    /// The folder holding `path`, a file of `type` under one of the resource paths `settings` gives `type`; `root`
    /// is the root project's settings when `settings` are a package's.
    init(_ type: ResourceType, holding path: String, settings: ProjectSettings, root: ProjectSettings? = nil) {
        self.type = type
        var folders = Self.components(of: path, under: settings.resourcePaths(for: type))
        folders.removeLast()
        self.folders = folders
        fqnPrefix = [settings.name] + folders
        var (config, level) = settings.configTree(for: type).resolve(NodeConfig(defaultsFor: type), along: fqnPrefix)
        if let root, root.name != settings.name {
            let own = level
            (config, level) = root.configTree(for: type).resolve(config, along: fqnPrefix)
            rootLevel = level
            level = own
        } else {
            rootLevel = nil
        }
        self.config = config
        self.level = level
    }

    /// The node for the file at `path` in this folder, named after the file unless `name` is given (a snapshot
    /// block's).
    func node(path: String, name: String? = nil, rawSQL: String?) -> ProjectNode {
        let name = name ?? Self.name(of: path)
        var config = config
        level?.children[name]?.refine(&config)
        rootLevel?.children[name]?.refine(&config)
        return ProjectNode(
            resourceType: type, name: name, path: path, folders: folders, fqn: fqnPrefix + [name], rawSQL: rawSQL,
            config: config
        )
    }

    /// The name of the node at `path`: its file name up to the last dot.
    static func name(of path: String) -> String {
        let file = FileDiscovery.fileName(of: path)
        return String(file.lastIndex(of: ".").map { file[..<$0] } ?? file)
    }

    /// The path's components below the longest of `roots` containing it, the file name last.
    private static func components(of path: String, under roots: [String]) -> [String] {
        let root = roots.filter { $0 == "." || path.hasPrefix($0 + "/") }.max { $0.count < $1.count }
        let relative = root.map { $0 == "." ? path : String(path.dropFirst($0.count + 1)) } ?? path
        return relative.split(separator: "/").map(String.init)
    }
}
