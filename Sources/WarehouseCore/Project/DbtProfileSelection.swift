public import Foundation

/// Which dbt profiles.yml and target a command uses: `--profiles-dir` and `--target`, with the environment.
///
/// profiles.yml is looked for in dbt's order: `--profiles-dir`, `DBT_PROFILES_DIR`, the project folder, then
/// `~/.dbt/` (`HOME` from `environment`). A folder named by the option or the variable must hold the file; the
/// other two places are only tried.
public struct DbtProfileSelection: Sendable {
    public var profilesDirectory: String?
    /// The target to use instead of the profile's own `target:`.
    public var target: String?
    public var environment: [String: String]

    public init(profilesDirectory: String? = nil, target: String? = nil, environment: [String: String]) {
        self.profilesDirectory = profilesDirectory
        self.target = target
        self.environment = environment
    }

    /// Where profiles.yml is, and whether the user named that folder (then a missing file is an error).
    ///
    /// - Parameters:
    ///   - projectRoot: the project folder; relative folders are taken from `workingDirectory`.
    public func profilesFile(projectRoot: URL, workingDirectory: URL) -> (file: URL, named: Bool)? {
        func folder(_ path: String) -> URL {
            URL(fileURLWithPath: path, relativeTo: workingDirectory).standardizedFileURL
        }
        if let profilesDirectory { return (folder(profilesDirectory).appendingPathComponent(Self.fileName), true) }
        if let variable = environment["DBT_PROFILES_DIR"], !variable.isEmpty {
            return (folder(variable).appendingPathComponent(Self.fileName), true)
        }
        let inProject = projectRoot.appendingPathComponent(Self.fileName)
        if FileManager.default.fileExists(atPath: inProject.path) { return (inProject, false) }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        let inHome = URL(fileURLWithPath: home).appendingPathComponent(".dbt").appendingPathComponent(Self.fileName)
        return FileManager.default.fileExists(atPath: inHome.path) ? (inHome, false) : nil
    }

    static let fileName = "profiles.yml"
}
