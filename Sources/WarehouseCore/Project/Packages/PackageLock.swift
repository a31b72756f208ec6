import Foundation
public import SQLTemplate
import Yams

/// `package-lock.yml`: the packages `wh deps` installed, pinned (a git commit, a hub version), in dbt's format, with
/// the hash of the packages file it was made from.
public struct PackageLock: Sendable, Hashable {
    /// One installed package.
    public struct Entry: Sendable, Hashable {
        public enum Pin: Sendable, Hashable {
            case local(path: String)
            case git(url: String, commit: String, subdirectory: String?)
            case hub(package: String, version: String)
        }

        public var pin: Pin
        /// The project name the package declares: its folder in the install path.
        public var name: String

        public init(pin: Pin, name: String) {
            self.pin = pin
            self.name = name
        }
    }

    public static let fileName = "package-lock.yml"

    public var packages: [Entry]
    /// `sha1_hash`: `PackageLock.hash(of:)` of the packages file's entries.
    public var hash: String

    public init(packages: [Entry], hash: String) {
        self.packages = packages
        self.hash = hash
    }

    /// dbt's hash of a packages file: SHA-1 over the sorted JSON of each entry with its defaults and the entry as
    /// written, so dbt and `wh` agree on whether a lock file is current.
    public static func hash(of packages: [PackageSpec]) -> String {
        let entries = packages.map { spec -> String in
            var fields: [Literal.KeyValue] = [Literal.KeyValue(key: "unrendered", value: .dict(spec.written))]
            switch spec.source {
            case .local(let path):
                fields.append(Literal.KeyValue(key: "local", value: .string(path)))
            case .git(let url, let revision, let subdirectory):
                fields += [
                    Literal.KeyValue(key: "git", value: .string(url)),
                    Literal.KeyValue(key: "revision", value: revision.map(Literal.string) ?? Literal.none),
                    Literal.KeyValue(key: "subdirectory", value: subdirectory.map(Literal.string) ?? Literal.none),
                    Literal.KeyValue(
                        key: "warn-unpinned",
                        value: spec.written.first { $0.key == "warn-unpinned" }?.value ?? Literal.none),
                ]
            case .hub(let package, let versions, let prerelease):
                let written = spec.written.first { $0.key == "version" }?.value
                fields += [
                    Literal.KeyValue(key: "package", value: .string(package)),
                    Literal.KeyValue(key: "version", value: written ?? .list(versions.map(Literal.string))),
                    Literal.KeyValue(key: "install_prerelease", value: .bool(prerelease)),
                ]
            }
            return PythonJSON.dumps(.dict(fields))
        }
        return SHA1.hexDigest(entries.sorted().joined(separator: "\n"))
    }

    /// The lock file's text, as dbt writes it.
    public var text: String {
        var lines = ["packages:"]
        for entry in packages {
            switch entry.pin {
            case .local(let path):
                lines.append("  - local: \(Self.scalar(path))")
            case .git(let url, let commit, let subdirectory):
                lines.append("  - git: \(Self.scalar(url))")
                lines.append("    revision: \(commit)")
                if let subdirectory { lines.append("    subdirectory: \(Self.scalar(subdirectory))") }
            case .hub(let package, let version):
                lines.append("  - package: \(Self.scalar(package))")
                lines.append("    version: \(Self.scalar(version))")
            }
            lines.append("    name: \(Self.scalar(entry.name))")
        }
        lines.append("sha1_hash: \(hash)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A string as a YAML scalar: plain, as PyYAML writes URLs and paths, unless it would read as something else.
    private static func scalar(_ text: String) -> String {
        let plain =
            !text.isEmpty && YAMLScalar.resolve(plain: text) == .string(text)
            && !"-?:,[]{}#&*!|>'\"%@` ".contains(text.first ?? " ") && !text.contains(": ") && !text.contains(" #")
            && !text.contains(where: \.isNewline) && text.last?.isWhitespace == false && !text.hasSuffix(":")
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// Reads a lock file; nil when it is not one `wh deps` can install from (then the packages are resolved again).
    public static func read(text: String, path: String) -> PackageLock? {
        var reader = YAMLReader(path: path, text: text)
        guard let root = reader.compose(), let entries = reader.mapping(root, "the lock file") else { return nil }
        var lock = PackageLock(packages: [], hash: "")
        for entry in entries {
            switch entry.key {
            case "sha1_hash": lock.hash = entry.value.scalar?.string ?? ""
            case "packages":
                for item in entry.value.sequence ?? [] {
                    guard let fields = reader.mapping(item, "a lock file entry") else { return nil }
                    func value(_ key: String) -> String? { fields.first { $0.key == key }?.value.scalar?.string }
                    guard let name = value("name") else { return nil }
                    if let path = value("local") {
                        lock.packages.append(Entry(pin: .local(path: path), name: name))
                    } else if let url = value("git"), let commit = value("revision") {
                        lock.packages.append(
                            Entry(pin: .git(url: url, commit: commit, subdirectory: value("subdirectory")), name: name))
                    } else if let package = value("package"), let version = value("version") {
                        lock.packages.append(Entry(pin: .hub(package: package, version: version), name: name))
                    } else {
                        return nil
                    }
                }
            default: continue
            }
        }
        return reader.hasErrors ? nil : lock
    }
}

/// Python's `json.dumps(value, sort_keys=True)`: the text dbt hashes.
enum PythonJSON {
    static func dumps(_ value: Literal) -> String {
        switch value {
        case .none: return "null"
        case .bool(let bool): return bool ? "true" : "false"
        case .int(let int): return String(int)
        case .double(let double): return double.description
        case .string(let string): return quoted(string)
        case .list(let items): return "[" + items.map(dumps).joined(separator: ", ") + "]"
        case .dict(let pairs):
            let sorted = pairs.sorted { $0.key < $1.key }
            return "{" + sorted.map { quoted($0.key) + ": " + dumps($0.value) }.joined(separator: ", ") + "}"
        }
    }

    private static func quoted(_ text: String) -> String {
        var result = "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: result += "\\\""
            case 0x5c: result += "\\\\"
            case 0x0a: result += "\\n"
            case 0x0d: result += "\\r"
            case 0x09: result += "\\t"
            case 0x20..<0x7f: result += String(UnicodeScalar(UInt8(unit)))
            default:
                result +=
                    "\\u" + String(repeating: "0", count: 4 - String(unit, radix: 16).count) + String(unit, radix: 16)
            }
        }
        return result + "\""
    }
}
