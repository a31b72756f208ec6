import Foundation
import SQLTemplate
import WarehouseCore

/// The packages one `wh deps` run has installed into its staging folder so far, and the work still queued.
struct InstallSession {
    let root: URL
    let staging: URL
    let hub: PackageHub
    let report: (String) -> Void
    private(set) var installed: [PackageLock.Entry] = []
    /// Packages named by installed packages, resolved after the ones the project names.
    private var queue: [(spec: PackageSpec, base: URL)] = []
    /// The specifiers every hub package was asked for so far, by `org/name`.
    private var hubRequests: [String: [String]] = [:]
    private var scratchCount = 0

    init(root: URL, staging: URL, hub: PackageHub, report: @escaping (String) -> Void) {
        self.root = root
        self.staging = staging
        self.hub = hub
        self.report = report
    }

    // MARK: Resolving

    /// Installs `spec` (paths relative to `base`) unless a package of its name is installed, and queues the packages
    /// it names; `nested` for packages named by packages, whose local paths are recorded absolute.
    mutating func resolve(_ spec: PackageSpec, base: URL, nested: Bool) throws(PackageInstallError) {
        report("Installing \(spec.displayName)")
        let folder: URL
        let pin: PackageLock.Entry.Pin
        switch spec.source {
        case .local(let path):
            let source = URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL
            let name = try projectName(at: source, for: spec)
            guard !isInstalled(name) else { return }
            try link(name, to: source, at: spec.location)
            installed.append(PackageLock.Entry(pin: .local(path: nested ? source.path : path), name: name))
            folder = source
            report("  installed \(name) from \(source.path)")
            try queueDependencies(of: folder, for: spec)
            return
        case .git(let url, let revision, let subdirectory):
            let (packageRoot, commit) = try clone(url, at: revision, subdirectory: subdirectory, for: spec)
            folder = packageRoot
            pin = .git(url: url, commit: commit, subdirectory: subdirectory)
        case .hub(let package, let versions, let prerelease):
            let requested = (hubRequests[package] ?? []) + versions
            hubRequests[package] = requested
            if let existing = installed.first(where: { if case .hub(package, _) = $0.pin { true } else { false } }) {
                guard case .hub(_, let version) = existing.pin, let installedVersion = SemanticVersion(version),
                    case .success(let range) = VersionRange.reading(requested), range.contains(installedVersion)
                else {
                    throw PackageInstallError(
                        "\(package) is required as \(requested.joined(separator: ", ")), which no single version "
                            + "satisfies together with the one installed",
                        at: spec.location, help: "widen the version range of \(package) here or in the other package")
                }
                return
            }
            let release = try bestRelease(package, requested, prerelease: prerelease, for: spec)
            folder = try unpack(release, for: spec)
            pin = .hub(package: package, version: release.version)
            for dependency in release.packages {
                queue.append(
                    (
                        PackageSpec(
                            source: .hub(
                                package: dependency.package, versions: dependency.versions, installPrerelease: false),
                            location: spec.location),
                        root
                    ))
            }
        }
        let name = try projectName(at: folder, for: spec)
        guard !isInstalled(name) else { return }
        try move(folder, toPackage: name, at: spec.location)
        installed.append(PackageLock.Entry(pin: pin, name: name))
        report("  installed \(name) \(describe(pin))")
        if case .git = spec.source { try queueDependencies(of: staging.appendingPathComponent(name), for: spec) }
    }

    /// Resolves the packages that installed packages named, until none is left.
    mutating func resolveQueued() throws(PackageInstallError) {
        while !queue.isEmpty {
            let (spec, base) = queue.removeFirst()
            try resolve(spec, base: base, nested: true)
        }
    }

    private func isInstalled(_ name: String) -> Bool { installed.contains { $0.name == name } }

    private mutating func queueDependencies(of folder: URL, for spec: PackageSpec) throws(PackageInstallError) {
        let file: PackagesFile?
        do throws(ProjectError) {
            (_, file) = try ProjectLoader.loadDependencies(root: folder)
        } catch {
            throw Self.packageError(error, of: spec)
        }
        for dependency in file?.packages ?? [] { queue.append((dependency, folder)) }
    }

    // MARK: Installing pinned packages

    /// Installs a package exactly as the lock file pins it.
    mutating func installPinned(_ entry: PackageLock.Entry, at location: SourceLocation) throws(PackageInstallError) {
        let spec: PackageSpec
        switch entry.pin {
        case .local(let path):
            spec = PackageSpec(source: .local(path: path), location: location)
            report("Installing \(spec.displayName)")
            let source = URL(fileURLWithPath: path, relativeTo: root).standardizedFileURL
            try link(entry.name, to: source, at: location)
        case .git(let url, let commit, let subdirectory):
            spec = PackageSpec(source: .git(url: url, revision: commit, subdirectory: subdirectory), location: location)
            report("Installing \(spec.displayName)")
            let (folder, _) = try clone(url, at: commit, subdirectory: subdirectory, for: spec)
            try move(folder, toPackage: entry.name, at: location)
        case .hub(let package, let version):
            spec = PackageSpec(
                source: .hub(package: package, versions: [version], installPrerelease: true), location: location)
            report("Installing \(spec.displayName)")
            let release = try bestRelease(package, [version], prerelease: true, for: spec)
            try move(try unpack(release, for: spec), toPackage: entry.name, at: location)
        }
        installed.append(entry)
        report("  installed \(entry.name) \(describe(entry.pin))")
    }

    private func describe(_ pin: PackageLock.Entry.Pin) -> String {
        switch pin {
        case .local(let path): "from \(path)"
        case .git(let url, let commit, _): "from \(url) at \(commit.prefix(12))"
        case .hub(_, let version): "\(version)"
        }
    }

    // MARK: Sources

    private func projectName(at folder: URL, for spec: PackageSpec) throws(PackageInstallError) -> String {
        do throws(ProjectError) {
            return try ProjectLoader.loadDependencies(root: folder).0.name
        } catch {
            throw Self.packageError(error, of: spec)
        }
    }

    private static func packageError(_ error: ProjectError, of spec: PackageSpec) -> PackageInstallError {
        let first = error.diagnostics.first
        return PackageInstallError(
            "\(spec.displayName) is not a dbt project: \(first?.message ?? "its project file cannot be read")",
            at: spec.location,
            help: first.map { "see \($0.location)" } ?? "a package needs a dbt_project.yml with a `name`")
    }

    private func link(_ name: String, to source: URL, at location: SourceLocation) throws(PackageInstallError) {
        guard FileManager.default.fileExists(atPath: source.path) else {
            throw PackageInstallError(
                "the local package folder \(source.path) does not exist", at: location,
                help: "a `local:` path is relative to the project folder")
        }
        do {
            try FileManager.default.createSymbolicLink(
                at: staging.appendingPathComponent(name), withDestinationURL: source)
        } catch {
            throw PackageInstallError(
                "cannot link \(name) to \(source.path): \(error.localizedDescription)", at: location)
        }
    }

    private func move(_ folder: URL, toPackage name: String, at location: SourceLocation) throws(PackageInstallError) {
        do {
            try FileManager.default.moveItem(at: folder, to: staging.appendingPathComponent(name))
        } catch {
            throw PackageInstallError("cannot install \(name): \(error.localizedDescription)", at: location)
        }
    }

    private mutating func scratch(_ kind: String) -> URL {
        scratchCount += 1
        return staging.appendingPathComponent(".\(kind)-\(scratchCount)")
    }

    /// Clones `url` with the git CLI and checks out `revision`; the package's folder (the clone, or its
    /// `subdirectory`) and the commit it is at.
    private mutating func clone(_ url: String, at revision: String?, subdirectory: String?, for spec: PackageSpec)
        throws(PackageInstallError) -> (URL, String)
    {
        let folder = scratch("git")
        try git(["clone", "--quiet", url, folder.path], for: spec, help: "check the URL and that git can reach it")
        if let revision {
            try git(
                ["-C", folder.path, "checkout", "--quiet", revision], for: spec,
                help: "name a branch, tag or commit that exists in \(url)")
        }
        let commit = try git(["-C", folder.path, "rev-parse", "HEAD"], for: spec, help: nil)
        guard let subdirectory else { return (folder, commit) }
        let packageRoot = folder.appendingPathComponent(subdirectory)
        guard FileManager.default.fileExists(atPath: packageRoot.path) else {
            throw PackageInstallError(
                "\(url) has no folder '\(subdirectory)' at \(commit.prefix(12))", at: spec.location,
                help: "fix `subdirectory:`; it is relative to the repository's root")
        }
        return (packageRoot, commit)
    }

    @discardableResult
    private func git(_ arguments: [String], for spec: PackageSpec, help: String?) throws(PackageInstallError) -> String
    {
        let outcome: ProcessRunner.Outcome
        do {
            outcome = try ProcessRunner.run(executable: "git", arguments: arguments)
        } catch {
            throw PackageInstallError("cannot run git: \(error)", at: spec.location, help: "install git")
        }
        let output = outcome.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard outcome.status == 0 else {
            let command = arguments.first { ["clone", "checkout", "rev-parse"].contains($0) } ?? "git"
            throw PackageInstallError(
                "git \(command) failed for \(spec.displayName): \(output)", at: spec.location, help: help)
        }
        return output
    }

    /// The newest release of `package` that `specifiers` allow and that supports the dbt version `wh` follows.
    private func bestRelease(_ package: String, _ specifiers: [String], prerelease: Bool, for spec: PackageSpec)
        throws(PackageInstallError) -> PackageHub.Release
    {
        let releases: [PackageHub.Release]
        do throws(HubFailure) {
            releases = try hub.releases(of: package)
        } catch {
            throw PackageInstallError(
                error.message, at: spec.location,
                help: "check the package name (org/name) and DBT_PACKAGE_HUB_URL (now \(hub.baseURL))")
        }
        let range: VersionRange
        switch VersionRange.reading(specifiers) {
        case .success(let value): range = value
        case .failure(let error): throw PackageInstallError("\(package): \(error)", at: spec.location)
        }
        let compatible = releases.filter { release in
            guard !release.requireDbtVersion.isEmpty else { return true }
            guard case .success(let required) = VersionRange.reading(release.requireDbtVersion) else { return false }
            return required.contains(DbtCompatibility.version)
        }
        let wantsPrerelease = prerelease || specifiers.contains { $0.contains("-") }
        guard let version = range.best(of: compatible.map(\.version), prerelease: wantsPrerelease),
            let release = compatible.first(where: { $0.version == version })
        else {
            let available = compatible.compactMap { SemanticVersion($0.version) }
                .filter { wantsPrerelease || $0.prerelease == nil }.sorted().map(\.description)
            throw PackageInstallError(
                "no version of \(package) matches \(range) and supports dbt \(DbtCompatibility.version)",
                at: spec.location,
                help: available.isEmpty
                    ? "the hub lists no version of \(package) for this dbt version"
                    : "available: \(available.suffix(8).joined(separator: ", "))")
        }
        return release
    }

    /// Downloads and unpacks a hub release's tarball; the folder holding its files.
    private mutating func unpack(_ release: PackageHub.Release, for spec: PackageSpec) throws(PackageInstallError)
        -> URL
    {
        let archive = scratch("tarball")
        let folder = scratch("unpacked")
        do throws(HubFailure) {
            try PackageHub.download(release.tarball, to: archive)
        } catch {
            throw PackageInstallError(error.message, at: spec.location)
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let outcome = try ProcessRunner.run(
                executable: "tar", arguments: ["-xzf", archive.path, "-C", folder.path])
            guard outcome.status == 0 else {
                throw PackageInstallError(
                    "the tarball of \(spec.displayName) (\(release.tarball)) cannot be unpacked: \(outcome.output)",
                    at: spec.location)
            }
            let entries = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }
            // Hub tarballs hold one folder (GitHub's `org-name-sha/`); a flat archive is the package itself.
            if entries.count == 1 { return folder.appendingPathComponent(entries[0]) }
            return folder
        } catch let error as PackageInstallError {
            throw error
        } catch {
            throw PackageInstallError(
                "cannot unpack \(release.tarball): \(error.localizedDescription)", at: spec.location)
        }
    }
}
