public import SQLTemplate

/// The values `var('name')` can see: command-line `--vars` over the project's per-package vars over its
/// global vars.
public struct ProjectVars: Sendable, Hashable {
    /// Top-level entries of the project file's `vars:`.
    public var global: [String: Literal]
    /// `vars: {package_name: {...}}` entries, by package.
    public var packages: [String: [String: Literal]]
    /// `--vars` from the command line.
    public var commandLine: [String: Literal]

    public init(
        global: [String: Literal] = [:],
        packages: [String: [String: Literal]] = [:],
        commandLine: [String: Literal] = [:]
    ) {
        self.global = global
        self.packages = packages
        self.commandLine = commandLine
    }

    /// The value of `name` as seen from a node in `package`, or nil when no level defines it.
    public func value(_ name: String, package: String) -> Literal? {
        commandLine[name] ?? packages[package]?[name] ?? global[name]
    }

    /// Every var visible from `package`, with the same precedence as `value(_:package:)`.
    public func all(for package: String) -> [String: Literal] {
        global.merging(packages[package] ?? [:]) { $1 }.merging(commandLine) { $1 }
    }
}
