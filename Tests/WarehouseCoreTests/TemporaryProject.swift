import Foundation
import WarehouseCore

/// A project written into a fresh temporary folder from a dictionary of relative paths to contents.
struct TemporaryProject {
    let root: URL

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("wh-project-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    /// `project.yml` for a project named `p`, plus `files`.
    static func named(_ files: [String: String], vars: String = "") throws -> TemporaryProject {
        try TemporaryProject(["project.yml": "name: p\n" + vars].merging(files) { $1 })
    }

    func compile(cliVars: String? = nil, options: CompileOptions = CompileOptions(environment: [:])) async throws
        -> CompiledProject
    {
        let project = try ProjectLoader.load(root: root, cliVars: cliVars)
        return try await Compiler(project: project, options: options).compile()
    }

    /// The compile error's problems, or an empty list when it compiled.
    func problems(options: CompileOptions = CompileOptions(environment: [:])) async throws -> [CompileError.Problem] {
        do {
            _ = try await compile(options: options)
            return []
        } catch let error as CompileError {
            return error.problems
        }
    }
}
