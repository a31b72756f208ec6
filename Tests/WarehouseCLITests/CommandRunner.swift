import Foundation
import Synchronization
import WarehouseCLI
import WarehouseTesting

/// Runs `wh` in-process and captures what it printed.
struct CommandRunner {
    struct Output {
        var exitCode: Int32
        var standardOutput: String
        var standardError: String
    }

    /// - Parameter environment: the environment `wh` sees; `nil` passes the process's.
    static func run(_ arguments: [String], environment: [String: String]? = nil) async -> Output {
        let output = Mutex<[String]>([])
        let errors = Mutex<[String]>([])
        let console = Console(
            output: { line in output.withLock { $0.append(line) } },
            error: { line in errors.withLock { $0.append(line) } })
        let code = await CommandLineTool.run(arguments, console: console, environment: environment)
        return Output(
            exitCode: code,
            standardOutput: output.withLock { $0.joined(separator: "\n") },
            standardError: errors.withLock { $0.joined(separator: "\n") })
    }

    /// A copy of the repository's example warehouse (so the runs' target/ and .wh/ stay out of the repository).
    static func exampleProject() throws -> URL {
        try ExampleWarehouseProject.copy()
    }

    /// A project in a fresh temporary folder.
    static func project(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wh-cli-\(UUID().uuidString)")
        for (path, text) in files.merging(["project.yml": "name: shop\n"], uniquingKeysWith: { first, _ in first }) {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }
}
