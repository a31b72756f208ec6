import SQLTemplate
import Yams

extension YAMLReader {
    /// Reads a project file; nil when it is too broken to name the project (the reader holds the reasons).
    mutating func projectSettings(_ root: Node?) -> ProjectSettings? {
        guard let root else {
            if !hasErrors {
                report(
                    "the project file is empty", at: SourceLocation(path: path, line: 1, column: 1),
                    help: "start it with `name: my_project`")
            }
            return nil
        }
        guard let entries = mapping(root, "the project file") else { return nil }
        guard let nameEntry = entries.first(where: { $0.key == "name" }) else {
            report("the project file has no `name`", at: root, help: "add `name: my_project`")
            return nil
        }
        guard let name = string(nameEntry.value, "`name`") else { return nil }
        guard Self.isIdentifier(name) else {
            report(
                "project name '\(name)' is not a valid identifier", at: nameEntry.value,
                help: "use letters, digits and underscores, not starting with a digit")
            return nil
        }
        var settings = ProjectSettings(file: path, name: name)
        var docsPathsSet = false
        var testConfigKey: YAMLEntry?
        for entry in entries {
            let value = entry.value
            switch entry.key {
            case "name": break
            case "version": settings.version = optionalString(value, "`version`")
            case "model-paths", "source-paths": settings.modelPaths = paths(value, entry.key) ?? settings.modelPaths
            case "seed-paths", "data-paths": settings.seedPaths = paths(value, entry.key) ?? settings.seedPaths
            case "macro-paths": settings.macroPaths = paths(value, entry.key) ?? settings.macroPaths
            case "test-paths": settings.testPaths = paths(value, entry.key) ?? settings.testPaths
            case "snapshot-paths": settings.snapshotPaths = paths(value, entry.key) ?? settings.snapshotPaths
            case "docs-paths":
                settings.docsPaths = paths(value, entry.key) ?? settings.docsPaths
                docsPathsSet = true
            case "target-path": settings.targetPath = string(value, "`target-path`").map(Self.normalize) ?? "target"
            case "vars": settings.vars = projectVars(value, project: name)
            case "models": settings.modelConfigs = configTree(value, "`models`")
            case "seeds": settings.seedConfigs = configTree(value, "`seeds`")
            case "sources": settings.sourceConfigs = configTree(value, "`sources`")
            case "snapshots": settings.snapshotConfigs = configTree(value, "`snapshots`")
            case "data_tests", "tests":
                if let first = testConfigKey {
                    report(
                        "both `\(first.key)` and `\(entry.key)` configure tests", at: entry.keyNode,
                        help: "merge them under `data_tests`")
                }
                testConfigKey = entry
                settings.testConfigs = configTree(value, "`\(entry.key)`")
            case "ingest": settings.ingest = ingestSettings(value)
            case "serve": settings.serve = serveSettings(value)
            case "packages-install-path":
                settings.packagesInstallPath =
                    string(value, "`packages-install-path`").map(Self.normalize) ?? settings.packagesInstallPath
            case "dispatch": settings.dispatch = dispatch(value)
            case "require-dbt-version":
                settings.requireDbtVersion = requireDbtVersion(value)
                settings.requireDbtVersionLocation = location(of: value)
            case "profile": settings.profile = optionalString(value, "`profile`")
            case "connection" where path == ProjectSettings.ownFile:
                settings.connection = connection(value)
            case "target" where path == ProjectSettings.ownFile:
                settings.target = target(value)
            case _ where Self.ignoredProjectKeys.contains(entry.key):
                break
            default:
                let known = Self.projectKeys + (path == ProjectSettings.ownFile ? ["connection", "target"] : [])
                warn(
                    "unknown key `\(entry.key)` in the project file is ignored", at: entry.keyNode,
                    help: ClosestName.help(for: entry.key, among: known))
            }
        }
        if !docsPathsSet { settings.docsPaths = settings.modelPaths }
        return settings
    }

    /// Reads `vars:`: a mapping-valued entry named after the project, or after a package, holds the vars of nodes of
    /// that project or package (which packages there are is known only later, so every mapping is kept as a scope).
    mutating func projectVars(_ node: Node, project: String) -> ProjectVars {
        var vars = ProjectVars()
        for entry in mapping(node, "`vars`") ?? [] {
            if Self.isMapping(entry.value) {
                vars.packages[entry.key] = dictionary(entry.value, "`vars.\(entry.key)`")
                if entry.key == project { continue }
            }
            vars.global[entry.key] = literal(entry.value)
        }
        return vars
    }

    /// A mapping's entries as literals by key.
    mutating func dictionary(_ node: Node, _ what: @autoclosure () -> String) -> [String: Literal] {
        var result: [String: Literal] = [:]
        for entry in mapping(node, what()) ?? [] {
            result[entry.key] = literal(entry.value)
        }
        return result
    }

    private mutating func paths(_ node: Node, _ key: String) -> [String]? {
        strings(node, "`\(key)`").map { $0.map(Self.normalize) }
    }

    private mutating func connection(_ node: Node) -> ConnectionSettings? {
        guard let entries = mapping(node, "`connection`") else { return nil }
        var connection = ConnectionSettings(location: location(of: node))
        for entry in entries {
            let value = optionalString(entry.value, "`connection.\(entry.key)`")
            connection.valueLocations[entry.key] = location(of: entry.value)
            switch entry.key {
            case "host": connection.host = value
            case "port": connection.port = value
            case "user": connection.user = value
            case "password": connection.password = value
            case "dbname": connection.dbname = value
            case "url": connection.url = value
            default:
                report(
                    "unknown key `\(entry.key)` in `connection`", at: entry.keyNode,
                    help: ClosestName.help(for: entry.key, among: ConnectionSettings.keys)
                        ?? "expected one of \(ConnectionSettings.keys.joined(separator: ", "))")
            }
        }
        return connection
    }

    private mutating func target(_ node: Node) -> TargetSettings {
        var target = TargetSettings()
        for entry in mapping(node, "`target`") ?? [] {
            switch entry.key {
            case "name": target.name = string(entry.value, "`target.name`") ?? target.name
            case "schema": target.schema = string(entry.value, "`target.schema`") ?? target.schema
            case "threads":
                if let threads = int(entry.value, "`target.threads`") {
                    if threads >= 1 {
                        target.threads = threads
                    } else {
                        report("`target.threads` should be at least 1, found \(threads)", at: entry.value)
                    }
                }
            case "type":
                if let type = string(entry.value, "`target.type`") {
                    if type == "postgres" {
                        target.type = type
                    } else {
                        report(
                            "unsupported target type '\(type)'", at: entry.value, help: "only `postgres` is supported")
                    }
                }
            default:
                report(
                    "unknown key `\(entry.key)` in `target`", at: entry.keyNode,
                    help: ClosestName.help(for: entry.key, among: TargetSettings.keys)
                        ?? "expected one of \(TargetSettings.keys.joined(separator: ", "))")
            }
        }
        return target
    }

    /// `dispatch:`: a list of `{macro_namespace: name, search_order: [package, ...]}`.
    private mutating func dispatch(_ node: Node) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for item in sequence(node, "`dispatch`") ?? [] {
            guard let entries = mapping(item, "a `dispatch` entry") else { continue }
            let namespace = entries.first { $0.key == "macro_namespace" }
            let order = entries.first { $0.key == "search_order" }
            guard let namespace, let order else {
                report(
                    "a `dispatch` entry needs `macro_namespace` and `search_order`", at: item,
                    help: "write `- macro_namespace: dbt_utils` with `search_order: [my_project, dbt_utils]`")
                continue
            }
            if let name = string(namespace.value, "`macro_namespace`"),
                let packages = strings(order.value, "`search_order`")
            {
                result[name] = packages
            }
        }
        return result
    }

    /// `require-dbt-version`: one specifier or a list of them.
    private mutating func requireDbtVersion(_ node: Node) -> [String] {
        let specifiers: [String]
        if case .sequence = node {
            specifiers = strings(node, "`require-dbt-version`") ?? []
        } else {
            specifiers = string(node, "`require-dbt-version`").map { [$0] } ?? []
        }
        if case .failure(let error) = VersionRange.reading(specifiers) {
            report(error.description, at: node, help: "e.g. require-dbt-version: [\">=1.3.0\", \"<2.0.0\"]")
            return []
        }
        return specifiers
    }

    /// `./models/` -> `models`.
    static func normalize(_ path: String) -> String {
        var result = Substring(path)
        while result.hasPrefix("./") { result = result.dropFirst(2) }
        while result.count > 1, result.hasSuffix("/") { result = result.dropLast() }
        return String(result)
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    private static let projectKeys: [String] = [
        "name", "version", "model-paths", "seed-paths", "macro-paths", "test-paths", "docs-paths", "target-path",
        "snapshot-paths", "vars", "models", "seeds", "sources", "snapshots", "data_tests", "tests", "ingest", "serve",
        "packages-install-path", "dispatch", "require-dbt-version", "profile",
    ]

    /// dbt project keys that `wh` accepts and does not use.
    private static let ignoredProjectKeys: Set<String> = [
        "config-version", "analysis-paths", "asset-paths", "clean-targets",
        "log-path", "quoting", "on-run-start", "on-run-end", "flags", "query-comment", "restrict-access", "analyses",
        "exposures", "metrics",
        "semantic-models", "saved-queries", "unit_tests", "dbt-cloud",
    ]
}
