public import Foundation

/// What a node was built from, as checksums: `wh` stores one per successful node (see `NodeStateStore` in the
/// engine) and compares it with the current one for `state:modified` and for skipping up-to-date work.
public struct NodeFingerprint: Sendable, Hashable, Codable {
    /// What `state:modified.<dimension>` compares.
    public enum Dimension: String, Sendable, CaseIterable, Codable {
        /// The defining file's text (dbt's `checksum`): the model's SQL file, the seed's CSV, the property file.
        case body
        /// The resolved configuration and the relation it names.
        case configs
        /// The text of the project macro files the node calls into.
        case macros
        /// The rendered SQL and hooks: changes with vars, env vars and what `ref()` resolves to, which dbt's
        /// state comparison misses. Counted by `state:modified`, not selectable on its own.
        case rendered
    }

    /// sha256 (hex) per dimension.
    public var checksums: [Dimension: String]

    public init(checksums: [Dimension: String]) {
        self.checksums = checksums
    }

    /// The fingerprint of every node of `project` but sources; a seed's body is its CSV file's content, read below
    /// `projectRoot` (a file that cannot be read gets an empty body, so the seed counts as modified), hashed by
    /// `sha256` (hex; the engine passes libcrypto's, several times faster than the portable one on large seeds).
    public static func all(
        of project: CompiledProject, projectRoot: URL,
        sha256: @Sendable (UnsafeRawBufferPointer) -> String = { SHA256.hexDigest($0) }
    ) -> [NodeID: NodeFingerprint] {
        let nodes = project.nodes.values.filter { $0.resourceType != .source }
        let fingerprints = nodes.concurrentMap { node in
            var fingerprint = NodeFingerprint(of: node, in: project)
            if node.resourceType == .seed {
                let data = try? Data(contentsOf: projectRoot.appendingPathComponent(node.path))
                fingerprint.checksums[.body] = data.map { $0.withUnsafeBytes(sha256) } ?? ""
            }
            return (node.id, fingerprint)
        }
        return Dictionary(fingerprints, uniquingKeysWith: { first, _ in first })
    }

    /// The fingerprint of a compiled node of `project` (for a seed, `body` is the empty text's: see ``all(of:projectRoot:)``).
    public init(of node: CompiledNode, in project: CompiledProject) {
        let macros = node.macroFiles.map { "\($0)\u{0}\(project.macroFileChecksums[$0] ?? "")" }
        var config = JSONOutput()
        config.object(node.config.sortedEntries, key: \.key, duplicates: .firstWins) { $0.literal($1.value) }
        let relation = node.relation.map { "\($0.database ?? "").\($0.schema).\($0.identifier)" } ?? ""
        checksums = [
            .body: node.checksum,
            .configs: SHA256.hexDigest([UInt8](config.data()) + Array("\u{0}\(relation)".utf8)),
            .macros: SHA256.hexDigest(macros.joined(separator: "\u{0}")),
            .rendered: SHA256.hexDigest(
                ([node.compiledCode] + node.preHooks + ["\u{1}"] + node.postHooks).joined(separator: "\u{0}")),
        ]
    }

    /// The dimensions in which `self` differs from `previous` (a dimension `previous` lacks counts as changed).
    public func changes(since previous: NodeFingerprint) -> Set<Dimension> {
        Set(Dimension.allCases.filter { checksums[$0] != previous.checksums[$0] })
    }
}
