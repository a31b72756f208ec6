import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The `wh` executable built beside the tests, run as a child process (for tests that kill it).
enum ChildProcess {
    /// `.build/<configuration>/wh`: `swift build --build-tests` builds it next to the test bundle.
    static var executable: URL {
        get throws {
            let candidates =
                [
                    Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments[0]),
                ].compactMap { $0?.deletingLastPathComponent() }
                + Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
            for folder in candidates {
                let binary = folder.appendingPathComponent("wh")
                if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
            }
            throw ChildProcessError(
                description: "no wh executable next to the tests (looked in \(candidates.map(\.path))); "
                    + "build it with `swift build --build-tests`")
        }
    }

    /// Starts `wh arguments` with `environment` added to this process's, output discarded to files in `logs`.
    static func start(_ arguments: [String], environment: [String: String], log: URL) throws -> Process {
        let process = Process()
        process.executableURL = try executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Waits for `process` to exit, at most `timeout`; kills it with SIGKILL after that.
    static func wait(_ process: Process, timeout: Duration = .seconds(120)) async -> Int32 {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while process.isRunning {
            if clock.now > deadline { kill(process.processIdentifier, SIGKILL) }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return process.terminationStatus
    }
}

struct ChildProcessError: Error, CustomStringConvertible {
    var description: String
}
