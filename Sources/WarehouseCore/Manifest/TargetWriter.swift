public import Foundation

/// Writes compilation output into the target folder: `compiled/<project>/...sql` for the selected nodes and
/// `manifest.json` for all of them.
public struct TargetWriter: Sendable {
    public let targetDirectory: URL
    /// How errors name the folder: the project's `target-path` (`target`) rather than the absolute path.
    public let displayPath: String?

    public init(targetDirectory: URL, displayPath: String? = nil) {
        self.targetDirectory = targetDirectory
        self.displayPath = displayPath
    }

    /// Writes the compiled SQL of `selected` nodes (all when nil), skipping files that already hold it, and
    /// replaces the manifest.
    ///
    /// Each compiled file is written by the thread that writes the node's manifest entry, on all cores: creating
    /// 20,000 small files is mostly system time, which spreads over them.
    ///
    /// A failed write leaves the previous manifest in place, never a part of the new one.
    public func write(_ project: CompiledProject, selected: Set<NodeID>? = nil) throws(TargetWriteError) {
        let folder = try TargetFolder(path: targetDirectory.path, displayPath: displayPath)
        let manifest = try Manifest.parts(of: project, generatedAt: Date()) { node throws(TargetWriteError) in
            // A node rendered with the database has no SQL until it is rendered so: nothing to write yet.
            guard selected?.contains(node.id) ?? true, let path = project.compiledPath(of: node),
                !(node.rendersWithDatabase && node.compiledCode.isEmpty)
            else { return }
            try folder.update(path, with: node.compiledCode)
        }
        try folder.replaceAtomically("manifest.json", with: manifest)
    }

    /// Replaces the file `name` in the target folder with `contents` (`run_results.json`), atomically: a reader
    /// sees the old file or the new one, and a full disk leaves the old one.
    public func replace(_ name: String, with contents: Data) throws(TargetWriteError) {
        try TargetFolder(path: targetDirectory.path, displayPath: displayPath).replaceAtomically(name, with: [contents])
    }
}
