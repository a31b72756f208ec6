public import SQLTemplate
import Yams

/// One target of a dbt profile (`profiles.yml`): what `wh init --from-dbt` turns into project.yml's `connection:`
/// and `target:` blocks.
///
/// Values are kept as written, so `{{ env_var('X') }}` stays a template that `wh` renders when it connects.
public struct DbtProfileTarget: Sendable, Hashable {
    public var profile: String
    public var target: String
    public var host: String?
    public var port: String?
    public var user: String?
    /// Set only when written as a template (`{{ env_var(...) }}`); a literal password is in `literalPassword`.
    public var password: String?
    /// A password written as is, which `wh init --from-dbt` does not copy into project.yml, a file often committed.
    public var literalPassword: String?
    /// True when profiles.yml holds a literal password.
    public var hasLiteralPassword: Bool { literalPassword != nil }
    public var dbname: String?
    public var schema: String?
    public var threads: Int?
    /// `threads` written as a template (`"{{ env_var('THREADS') | int }}"`), read once rendered.
    public var threadsTemplate: String?
    /// Where each value is written, by key as `wh` names it (`host`, `user`, `threads`, ...), for errors.
    public var valueLocations: [String: SourceLocation] = [:]
    /// Keys of the target that `wh` has no setting for (`sslmode`, `keepalives_idle`, ...), in file order.
    public var ignoredKeys: [String] = []

    /// Reads `profile`'s target from profiles.yml's text: `target` when given, else the profile's own `target:`.
    ///
    /// - Parameter path: how errors name the file.
    public static func read(
        profilesText text: String, path: String, profile: String, target: String?
    ) throws(ProjectError) -> DbtProfileTarget {
        var reader = YAMLReader(path: path, text: text)
        let result = reader.compose().flatMap { reader.profileTarget($0, profile: profile, target: target) }
        guard let result, !reader.hasErrors else {
            var diagnostics = reader.diagnostics.filter { $0.severity == .error }
            if diagnostics.isEmpty {
                diagnostics.append(
                    Diagnostic(
                        location: SourceLocation(path: path, line: 1, column: 1), message: "profiles.yml is empty",
                        help: "add the profile '\(profile)' with its outputs"))
            }
            throw ProjectError(diagnostics: diagnostics)
        }
        return result
    }

    /// The `profile:` a dbt project file names (dbt's default: none; `wh` then takes the project's `name`).
    public static func profileName(dbtProjectText text: String, path: String) throws(ProjectError) -> String {
        var reader = YAMLReader(path: path, text: text)
        var name: String?
        if let root = reader.compose(), let entries = reader.mapping(root, "the project file") {
            for entry in entries where entry.key == "profile" || (entry.key == "name" && name == nil) {
                name = reader.string(entry.value, "`\(entry.key)`") ?? name
            }
        }
        if let name, !reader.hasErrors { return name }
        var diagnostics = reader.diagnostics.filter { $0.severity == .error }
        if diagnostics.isEmpty {
            diagnostics.append(
                Diagnostic(
                    location: SourceLocation(path: path, line: 1, column: 1),
                    message: "the dbt project file names no `profile` and no `name`", help: "add `profile: my_profile`"
                ))
        }
        throw ProjectError(diagnostics: diagnostics)
    }
}

extension YAMLReader {
    /// The keys of a target that have another spelling (`username`, `pass`, `database`), by the one `wh` uses.
    fileprivate static let settingKeys = ["username": "user", "pass": "password", "database": "dbname"]

    fileprivate mutating func profileTarget(_ root: Node, profile: String, target: String?) -> DbtProfileTarget? {
        guard let profiles = mapping(root, "profiles.yml") else { return nil }
        guard let profileEntry = profiles.first(where: { $0.key == profile }) else {
            let names = profiles.map(\.key).filter { $0 != "config" }
            report(
                "no profile '\(profile)' in profiles.yml", at: root,
                help: ClosestName.help(for: profile, among: names)
                    ?? "profiles here: \(names.isEmpty ? "none" : names.joined(separator: ", "))")
            return nil
        }
        guard let entries = mapping(profileEntry.value, "profile '\(profile)'") else { return nil }
        let targetName =
            target ?? entries.first { $0.key == "target" }.flatMap { string($0.value, "`target`") } ?? "dev"
        guard let outputs = entries.first(where: { $0.key == "outputs" }) else {
            report("profile '\(profile)' has no `outputs`", at: profileEntry.keyNode)
            return nil
        }
        let targets = mapping(outputs.value, "`outputs`") ?? []
        guard let output = targets.first(where: { $0.key == targetName }) else {
            report(
                "profile '\(profile)' has no target '\(targetName)' under `outputs`", at: outputs.keyNode,
                help: ClosestName.help(for: targetName, among: targets.map(\.key))
                    ?? "targets here: \(targets.map(\.key).joined(separator: ", "))")
            return nil
        }
        var result = DbtProfileTarget(profile: profile, target: targetName)
        for entry in mapping(output.value, "target '\(targetName)'") ?? [] {
            let what = "`\(entry.key)`"
            result.valueLocations[Self.settingKeys[entry.key] ?? entry.key] = location(of: entry.value)
            switch entry.key {
            case "type":
                if let type = string(entry.value, what), type != "postgres" {
                    report(
                        "target '\(targetName)' is of type '\(type)'; wh builds on Postgres only", at: entry.value,
                        help: "choose a postgres target with --target")
                }
            case "host": result.host = optionalString(entry.value, what)
            case "port": result.port = optionalString(entry.value, what)
            case "user", "username": result.user = optionalString(entry.value, what)
            case "password", "pass":
                let value = optionalString(entry.value, what)
                if let value, value.contains("{{") {
                    result.password = value
                } else {
                    result.literalPassword = value
                }
            case "dbname", "database": result.dbname = optionalString(entry.value, what)
            case "schema": result.schema = optionalString(entry.value, what)
            case "threads":
                if case .string(let text) = literal(entry.value), text.contains("{{") {
                    result.threadsTemplate = text
                } else {
                    result.threads = int(entry.value, what)
                }
            default: result.ignoredKeys.append(entry.key)
            }
        }
        return result
    }
}
