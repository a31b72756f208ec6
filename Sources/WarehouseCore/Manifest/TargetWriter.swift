public import Foundation
import Glibc
import Synchronization

/// Writes compilation output into the target folder: `compiled/<project>/...sql` for the selected nodes and
/// `manifest.json` for all of them.
public struct TargetWriter: Sendable {
    public let targetDirectory: URL

    public init(targetDirectory: URL) {
        self.targetDirectory = targetDirectory
    }

    /// Writes the compiled SQL of `selected` nodes (all when nil) and the manifest; returns the files written.
    ///
    /// Files are written from several threads and the manifest on one more: on this kind of machine creating
    /// 20,000 small files is mostly system time, which spreads over the cores.
    @discardableResult
    public func write(_ project: CompiledProject, selected: Set<NodeID>? = nil) throws -> [URL] {
        let files: [(url: URL, text: String)] = project.nodes.values.compactMap { node in
            guard selected?.contains(node.id) ?? true, let relativePath = project.compiledPath(of: node) else {
                return nil
            }
            return (targetDirectory.appendingPathComponent(relativePath), node.compiledCode)
        }
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: targetDirectory, withIntermediateDirectories: true)
        for folder in Set(files.map { $0.url.deletingLastPathComponent() }) {
            try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let manifest = targetDirectory.appendingPathComponent("manifest.json")
        let writers = max(1, ProcessInfo.processInfo.activeProcessorCount * 2)
        let failures = Mutex<[any Error]>([])
        DispatchQueue.concurrentPerform(iterations: writers + 1) { worker in
            do {
                if worker == writers {
                    try Data(Manifest.json(of: project).serializedBytes()).write(to: manifest, options: .atomic)
                } else {
                    for index in stride(from: worker, to: files.count, by: writers) {
                        try Self.replace(files[index].url, with: files[index].text)
                    }
                }
            } catch {
                failures.withLock { $0.append(error) }
            }
        }
        if let failure = failures.withLock({ $0.first }) { throw failure }
        return files.map(\.url) + [manifest]
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
