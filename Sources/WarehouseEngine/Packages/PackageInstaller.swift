public import Foundation
import SQLTemplate
public import WarehouseCore

/// `wh deps`: installs the packages a project names into its `packages-install-path` and writes
/// `package-lock.yml`, as `dbt deps` does.
///
/// When the lock file was made from the same packages file (its `sha1_hash`), the pinned packages are installed
/// again; otherwise versions are resolved (hub ranges, git revisions to commits) along with each package's own
/// packages, and the lock file is rewritten. Packages are installed into a staging folder that replaces the install
/// path only once all of them are in place, so a failure leaves the previous install and lock file as they were.
public struct PackageInstaller {
    public var root: URL
    public var settings: ProjectSettings
    public var packagesFile: PackagesFile
    /// Where `DBT_PACKAGE_HUB_URL` is read.
    public var environment: [String: String]
    /// Progress lines, one per package.
    public var report: (String) -> Void

    public init(
        root: URL, settings: ProjectSettings, packagesFile: PackagesFile, environment: [String: String],
        report: @escaping (String) -> Void
    ) {
        self.root = root
        self.settings = settings
        self.packagesFile = packagesFile
        self.environment = environment
        self.report = report
    }

    /// Installs every package; returns the lock written.
    public func install() throws(PackageInstallError) -> PackageLock {
        let hash = PackageLock.hash(of: packagesFile.packages)
        let lockURL = root.appendingPathComponent(PackageLock.fileName)
        let previous = (try? String(contentsOf: lockURL, encoding: .utf8)).flatMap {
            PackageLock.read(text: $0, path: PackageLock.fileName)
        }
        let staging = root.appendingPathComponent(".wh/deps-\(UUID().uuidString)")
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw PackageInstallError(
                "cannot create \(staging.path): \(error.localizedDescription)", at: fileLocation,
                help: "check that the project folder is writable")
        }
        defer { try? fileManager.removeItem(at: staging) }
        var session = InstallSession(
            root: root, staging: staging, hub: PackageHub(environment: environment), report: report)
        var lock: PackageLock
        if let previous, previous.hash == hash {
            for entry in previous.packages { try session.installPinned(entry, at: fileLocation) }
            lock = previous
        } else {
            for spec in packagesFile.packages { try session.resolve(spec, base: root, nested: false) }
            try session.resolveQueued()
            lock = PackageLock(packages: session.installed, hash: hash)
        }
        try replaceInstallPath(with: staging)
        do {
            try Data(lock.text.utf8).write(to: lockURL, options: .atomic)
        } catch {
            throw PackageInstallError(
                "cannot write \(PackageLock.fileName): \(error.localizedDescription)", at: fileLocation)
        }
        return lock
    }

    private var fileLocation: SourceLocation { SourceLocation(path: packagesFile.path, line: 1, column: 1) }

    /// Moves the staged packages into the install path, in place of what was there.
    private func replaceInstallPath(with staging: URL) throws(PackageInstallError) {
        let installURL = root.appendingPathComponent(settings.packagesInstallPath)
        let fileManager = FileManager.default
        do {
            for leftover in try fileManager.contentsOfDirectory(atPath: staging.path) where leftover.hasPrefix(".") {
                try fileManager.removeItem(at: staging.appendingPathComponent(leftover))
            }
            if fileManager.fileExists(atPath: installURL.path) { try fileManager.removeItem(at: installURL) }
            try fileManager.createDirectory(
                at: installURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fileManager.moveItem(at: staging, to: installURL)
        } catch {
            throw PackageInstallError(
                "cannot replace \(settings.packagesInstallPath)/: \(error.localizedDescription)", at: fileLocation,
                help: "check that the project folder is writable")
        }
    }
}
