import Foundation
import WarehouseCore

/// A project written to a fresh temporary folder from relative paths and contents, loaded and compiled the way
/// `wh compile` does (no database), the folder removed afterwards.
enum ProjectFixture {
    static func compile(_ files: [String: String]) async throws -> (Project, CompiledProject) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wh-pages-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let project = try ProjectLoader.load(root: root, cliVars: nil)
        return (project, try await Compiler(project: project, options: CompileOptions(environment: [:])).compile())
    }
}
