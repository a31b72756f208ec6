public import Foundation

/// Writes compilation output into the target folder: `compiled/<project>/...sql` for the selected nodes and
/// `manifest.json` for all of them.
public struct TargetWriter: Sendable {
    public let targetDirectory: URL

    public init(targetDirectory: URL) {
        self.targetDirectory = targetDirectory
    }

    /// Writes the compiled SQL of `selected` nodes (all when nil), skipping files that already hold it, and
    /// replaces the manifest.
    ///
    /// Each compiled file is written by the thread that writes the node's manifest entry, on all cores: creating
    /// 20,000 small files is mostly system time, which spreads over them.
    public func write(_ project: CompiledProject, selected: Set<NodeID>? = nil) throws {
        let folder = try TargetFolder(path: targetDirectory.path)
        let manifest = try Manifest.parts(of: project, generatedAt: Date()) { node in
            guard selected?.contains(node.id) ?? true, let path = project.compiledPath(of: node) else { return }
            try folder.update(path, with: node.compiledCode)
        }
        try folder.replaceAtomically("manifest.json", with: manifest)
    }
}
