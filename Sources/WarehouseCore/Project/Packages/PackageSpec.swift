public import SQLTemplate
import Yams

/// One entry of `packages.yml` (or `dependencies.yml`): where a package comes from.
public struct PackageSpec: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        /// A folder, relative to the project that names it.
        case local(path: String)
        /// A repository cloned with the git CLI, at `revision` (a branch, tag or commit; the default branch when
        /// nil), installing `subdirectory` when given.
        case git(url: String, revision: String?, subdirectory: String?)
        /// A package of the package hub (`org/name`), in the newest version the specifiers allow.
        case hub(package: String, versions: [String], installPrerelease: Bool)
    }

    public var source: Source
    /// Where the entry is written, for errors about it.
    public var location: SourceLocation
    /// The entry as written, which dbt's lock file hash includes.
    public var written: [Literal.KeyValue]

    public init(source: Source, location: SourceLocation, written: [Literal.KeyValue] = []) {
        self.source = source
        self.location = location
        self.written = written
    }

    /// How the entry reads in messages: `local ../`, `git https://...@v1`, `dbt-labs/dbt_utils [>=1.0.0]`.
    public var displayName: String {
        switch source {
        case .local(let path): "local \(path)"
        case .git(let url, let revision, let subdirectory):
            "git \(url)" + (revision.map { "@\($0)" } ?? "") + (subdirectory.map { " (\($0))" } ?? "")
        case .hub(let package, let versions, _): "\(package) [\(versions.joined(separator: ", "))]"
        }
    }
}

/// The packages a project depends on, read from `packages.yml` or `dependencies.yml`.
public struct PackagesFile: Sendable, Hashable {
    /// The file the entries come from, relative to the project root.
    public var path: String
    public var packages: [PackageSpec]

    /// The files dbt reads, in the order it prefers them.
    public static let fileNames = ["dependencies.yml", "packages.yml"]

    public init(path: String, packages: [PackageSpec]) {
        self.path = path
        self.packages = packages
    }

    /// Reads the entries of `text`; every problem is a diagnostic at its line.
    public static func read(path: String, text: String) -> (file: PackagesFile, diagnostics: [Diagnostic]) {
        var reader = YAMLReader(path: path, text: text)
        var file = PackagesFile(path: path, packages: [])
        if let root = reader.compose() {
            file.packages = reader.packageSpecs(root)
        }
        return (file, reader.diagnostics)
    }
}

extension YAMLReader {
    mutating func packageSpecs(_ root: Node) -> [PackageSpec] {
        guard let entries = mapping(root, "the packages file") else { return [] }
        var specs: [PackageSpec] = []
        for entry in entries {
            guard entry.key == "packages" else {
                if entry.key != "projects" {
                    warn(
                        "unknown key `\(entry.key)` in the packages file is ignored", at: entry.keyNode,
                        help: "list packages under `packages:`")
                }
                continue
            }
            if Self.isNull(entry.value) { continue }
            for item in sequence(entry.value, "`packages`") ?? [] {
                if let spec = packageSpec(item) { specs.append(spec) }
            }
        }
        return specs
    }

    private static let specKeys = [
        "local", "git", "package", "version", "revision", "subdirectory", "install-prerelease", "warn-unpinned",
        "name",
    ]

    private mutating func packageSpec(_ node: Node) -> PackageSpec? {
        guard let entries = mapping(node, "a package entry") else { return nil }
        var values: [String: YAMLEntry] = [:]
        for entry in entries {
            guard Self.specKeys.contains(entry.key) else {
                report(
                    "unknown key `\(entry.key)` in a package entry", at: entry.keyNode,
                    help: ClosestName.help(for: entry.key, among: Self.specKeys)
                        ?? "a package entry has `local:`, `git:` (with `revision:`) or `package:` (with `version:`)")
                return nil
            }
            values[entry.key] = entry
        }
        let location = location(of: node)
        let written = entries.map { Literal.KeyValue(key: $0.key, value: literal($0.value)) }
        let kinds = ["local", "git", "package"].filter { values[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first, let kindEntry = values[kind] else {
            report(
                kinds.isEmpty
                    ? "a package entry needs `local:`, `git:` or `package:`"
                    : "a package entry names more than one source: \(kinds.map { "`\($0):`" }.joined(separator: ", "))",
                at: location,
                help: "write `- local: path`, `- git: url` with `revision: tag`, or `- package: org/name` with "
                    + "`version: \">=1.0.0\"`")
            return nil
        }
        guard let value = string(kindEntry.value, "`\(kind)`") else { return nil }
        switch kind {
        case "local":
            return PackageSpec(source: .local(path: value), location: location, written: written)
        case "git":
            return PackageSpec(
                source: .git(
                    url: value, revision: values["revision"].flatMap { scalarText($0.value, "`revision`") },
                    subdirectory: values["subdirectory"].flatMap { string($0.value, "`subdirectory`") }),
                location: location, written: written)
        default:
            guard value.split(separator: "/").count == 2 else {
                report(
                    "package '\(value)' is not a hub name", at: kindEntry.value,
                    help: "hub packages are named org/name, e.g. dbt-labs/dbt_utils")
                return nil
            }
            guard let versionEntry = values["version"] else {
                report(
                    "the hub package '\(value)' has no `version`", at: kindEntry.keyNode,
                    help: "add `version: [\">=1.0.0\", \"<2.0.0\"]` (a range) or an exact version")
                return nil
            }
            let versions: [String]
            if case .sequence = versionEntry.value, let list = sequence(versionEntry.value, "`version`") {
                versions = list.compactMap { scalarText($0, "`version`") }
            } else if let single = scalarText(versionEntry.value, "`version`") {
                versions = [single]
            } else {
                return nil
            }
            if case .failure(let error) = VersionRange.reading(versions) {
                report(error.description, at: versionEntry.value, help: "e.g. version: [\">=1.0.0\", \"<2.0.0\"]")
                return nil
            }
            let prerelease = values["install-prerelease"].map { literal($0.value).boolValue ?? false } ?? false
            return PackageSpec(
                source: .hub(package: value, versions: versions, installPrerelease: prerelease), location: location,
                written: written)
        }
    }

    /// A scalar as the text written: `1.0` stays `1.0` rather than becoming a number.
    private mutating func scalarText(_ node: Node, _ what: @autoclosure () -> String) -> String? {
        if let scalar = node.scalar { return scalar.string }
        report("\(what()) should be a string, found \(Self.kind(of: node))", at: node)
        return nil
    }
}
