public import Foundation

/// Writes compilation output into the target folder: `compiled/<project>/...sql` for the selected nodes and
/// `manifest.json` for all of them.
public struct TargetWriter: Sendable {
    public let targetDirectory: URL

    public init(targetDirectory: URL) {
        self.targetDirectory = targetDirectory
    }

    /// Writes the compiled SQL of `selected` nodes (all when nil) and the manifest; returns the files written.
    @discardableResult
    public func write(_ project: CompiledProject, selected: Set<NodeID>? = nil) throws -> [URL] {
        let fileManager = FileManager.default
        var written: [URL] = []
        var createdFolders: Set<URL> = []
        for node in project.nodes.values where selected?.contains(node.id) ?? true {
            guard let relativePath = project.compiledPath(of: node) else { continue }
            let file = targetDirectory.appendingPathComponent(relativePath)
            let folder = file.deletingLastPathComponent()
            if createdFolders.insert(folder).inserted {
                try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
            }
            try Data(node.compiledCode.utf8).write(to: file)
            written.append(file)
        }
        try fileManager.createDirectory(at: targetDirectory, withIntermediateDirectories: true)
        let manifest = targetDirectory.appendingPathComponent("manifest.json")
        try Manifest.json(of: project).write(to: manifest, options: .atomic)
        written.append(manifest)
        return written
    }
}
