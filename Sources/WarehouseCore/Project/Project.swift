public import Foundation
public import SQLTemplate

/// A loaded project.
///
/// Its settings and every file that makes up its models, seeds, tests, macros, docs and sources, in a deterministic
/// order. Nothing is rendered yet.
public struct Project: Sendable {
    /// The folder holding the project file.
    public var root: URL
    public var settings: ProjectSettings
    /// Sorted by path.
    public var models: [ProjectNode]
    public var seeds: [ProjectNode]
    /// Snapshots: `{% snapshot %}` blocks of the snapshot paths' `.sql` files, and property files' `snapshots:`
    /// entries with a `relation:`, sorted by path then name.
    public var snapshots: [ProjectNode]
    /// `.sql` files under the test paths, outside `generic/` and `fixtures/`.
    public var singularTests: [ProjectNode]
    /// `.sql` files under the macro paths and under `generic/` in the test paths.
    public var macroFiles: [ProjectFile]
    /// `.md` files under the docs paths, for their `{% docs %}` blocks.
    public var docFiles: [ProjectFile]
    /// The property files read, relative to the root.
    public var propertyFiles: [String]
    /// In property file order, then written order.
    public var sources: [SourceDefinition]
    /// dbt's `unit_tests:`, in property file order, then written order.
    public var unitTests: [UnitTestDefinition]
    /// `kpis:` of the property files (what `wh serve` answers), in property file order, then written order.
    public var kpis: [KPIDefinition]
    /// `.csv` and `.sql` files under the test paths' `fixtures/`, for unit tests' `fixture:`.
    public var fixtureFiles: [ProjectFile]
    /// Problems that do not stop loading (unknown project keys, unsupported property file sections).
    public var warnings: [Diagnostic]
    /// The installed packages (`wh deps`), each loaded as a project with the root project's configs applied; empty
    /// for a package itself.
    public var packages: [Project]

    public init(root: URL, settings: ProjectSettings) {
        self.root = root
        self.settings = settings
        models = []
        seeds = []
        snapshots = []
        singularTests = []
        macroFiles = []
        docFiles = []
        propertyFiles = []
        sources = []
        unitTests = []
        kpis = []
        fixtureFiles = []
        warnings = []
        packages = []
    }

    /// The project, then its packages: every project whose files make up the compiled project.
    public var withPackages: [Project] { [self] + packages }

    public var name: String { settings.name }

    public var vars: ProjectVars { settings.vars }

    /// What `var()` sees in a node of `package`, as dbt merges it: the package's own project vars, then the root
    /// project's (its global vars and its `vars: {package: ...}`), then `--vars`.
    public func variables(for package: String) -> [String: Literal] {
        let root = vars.all(for: package)
        guard package != name, let member = packages.first(where: { $0.name == package }) else { return root }
        return member.vars.global.merging(member.vars.packages[package] ?? [:]) { $1 }.merging(root) { $1 }
    }

    /// The config the project file gives a node of `type` at `fqn`: for nodes made from property files, such as
    /// generic tests and sources.
    ///
    /// For a node of a package (`fqn` starting with its name), the package's project file applies first, then the
    /// root project's.
    public func config(for type: ResourceType, fqn: [String]) -> NodeConfig {
        let root = settings.configTree(for: type).resolve(NodeConfig(defaultsFor: type), fqn: fqn)
        guard let package = packages.first(where: { $0.name == fqn.first }) else { return root }
        let own = package.settings.configTree(for: type).resolve(NodeConfig(defaultsFor: type), fqn: fqn)
        return settings.configTree(for: type).resolve(own, fqn: fqn)
    }
}
