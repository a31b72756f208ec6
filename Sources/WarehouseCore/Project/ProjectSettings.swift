public import SQLTemplate

/// What the project file (`project.yml`, or dbt's `dbt_project.yml`) says.
public struct ProjectSettings: Sendable, Hashable {
    /// `project.yml` or `dbt_project.yml`.
    public var file: String
    public var name: String
    public var version: String?
    public var modelPaths: [String]
    public var seedPaths: [String]
    public var macroPaths: [String]
    public var testPaths: [String]
    /// Where `{% snapshot %}` files live (`snapshot-paths`, `snapshots` by default).
    public var snapshotPaths: [String]
    /// Where `{% docs %}` files live; the model paths when the file names none.
    public var docsPaths: [String]
    public var targetPath: String
    public var vars: ProjectVars
    /// project.yml's `connection:`, or the target of dbt's profiles.yml when the loader found one; nil when absent.
    public var connection: ConnectionSettings?
    /// The dbt `profile:` the project names, if any.
    public var profile: String?
    public var target: TargetSettings
    /// `ingest:`: Kafka topics and CSV files loaded into bronze tables; empty when absent.
    public var ingest: IngestSettings
    /// `serve:`: how `wh serve` listens and queries; defaults when absent.
    public var serve: ServeSettings
    /// Where `wh deps` installs packages and loading finds them (`packages-install-path`).
    public var packagesInstallPath: String
    /// `dispatch:`: for a macro namespace, the packages `adapter.dispatch` searches, in order.
    public var dispatch: [String: [String]]
    /// `require-dbt-version`: the dbt versions the project says it works with (specifiers, all must hold).
    public var requireDbtVersion: [String]
    /// Where `require-dbt-version` is written, for the error when it excludes the version `wh` is compatible with.
    public var requireDbtVersionLocation: SourceLocation?
    public var modelConfigs: ConfigTree
    public var seedConfigs: ConfigTree
    public var testConfigs: ConfigTree
    public var sourceConfigs: ConfigTree
    public var snapshotConfigs: ConfigTree

    public init(file: String, name: String) {
        self.file = file
        self.name = name
        version = nil
        modelPaths = ["models"]
        seedPaths = ["seeds"]
        macroPaths = ["macros"]
        testPaths = file.hasSuffix(ProjectSettings.dbtFile) ? ["tests"] : ["data_tests"]
        snapshotPaths = ["snapshots"]
        docsPaths = modelPaths
        targetPath = "target"
        vars = ProjectVars()
        connection = nil
        profile = nil
        target = TargetSettings()
        ingest = IngestSettings()
        serve = ServeSettings()
        packagesInstallPath = "dbt_packages"
        dispatch = [:]
        requireDbtVersion = []
        requireDbtVersionLocation = nil
        modelConfigs = ConfigTree()
        seedConfigs = ConfigTree()
        testConfigs = ConfigTree()
        sourceConfigs = ConfigTree()
        snapshotConfigs = ConfigTree()
    }

    public static let ownFile = "project.yml"
    public static let dbtFile = "dbt_project.yml"

    /// The folder config tree that applies to nodes of `type`.
    public func configTree(for type: ResourceType) -> ConfigTree {
        switch type {
        case .model: modelConfigs
        case .seed: seedConfigs
        case .test: testConfigs
        case .source: sourceConfigs
        case .snapshot: snapshotConfigs
        }
    }
}

extension ProjectSettings {
    /// The folders holding files of `type`: model, seed, test or snapshot paths (sources have none).
    public func resourcePaths(for type: ResourceType) -> [String] {
        switch type {
        case .model: modelPaths
        case .seed: seedPaths
        case .test: testPaths
        case .source: []
        case .snapshot: snapshotPaths
        }
    }
}
