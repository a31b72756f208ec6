public import Foundation
import Glibc

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
            try Self.replace(file, with: node.compiledCode)
            written.append(file)
        }
        try fileManager.createDirectory(at: targetDirectory, withIntermediateDirectories: true)
        let manifest = targetDirectory.appendingPathComponent("manifest.json")
        try Data(Manifest.json(of: project).serializedBytes(pretty: true)).write(to: manifest, options: .atomic)
        written.append(manifest)
        return written
    }

    /// Writes a compiled file unless it already holds `text`.
    ///
    /// Compiled SQL is output the next compile rewrites, so it skips the `fsync` Foundation's `Data.write` does,
    /// and it unlinks a changed file instead of truncating it: on ext4 a truncated file is flushed at close, and
    /// 20,000 flushes took longer than compiling the project.
    private static func replace(_ url: URL, with text: String) throws {
        if let existing = FileManager.default.contents(atPath: url.path), existing.elementsEqual(text.utf8) { return }
        unlink(url.path)
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
        defer { close(descriptor) }
        var text = text
        try text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                guard written > 0 else {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
                }
                offset += written
            }
        }
    }
}
