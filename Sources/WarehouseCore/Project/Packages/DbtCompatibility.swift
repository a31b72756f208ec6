public import SQLTemplate

/// The dbt version `wh` behaves as.
///
/// What `require-dbt-version` of a project or package is checked against, and which hub package versions `wh deps`
/// may install: the one place to change when `wh` follows a newer dbt.
public enum DbtCompatibility {
    public static let version = SemanticVersion(major: 1, minor: 11, patch: 16)

    /// The error for a project whose `require-dbt-version` excludes `version`, or nil when it allows it.
    static func problem(_ settings: ProjectSettings, package: String) -> Diagnostic? {
        guard !settings.requireDbtVersion.isEmpty,
            case .success(let range) = VersionRange.reading(settings.requireDbtVersion), !range.contains(version)
        else { return nil }
        return Diagnostic(
            location: settings.requireDbtVersionLocation ?? SourceLocation(path: settings.file, line: 1, column: 1),
            message:
                "'\(package)' requires dbt \(settings.requireDbtVersion.joined(separator: ", ")), and wh is "
                + "compatible with dbt \(version)",
            help: "install a version of '\(package)' made for dbt \(version.major).\(version.minor)")
    }
}
