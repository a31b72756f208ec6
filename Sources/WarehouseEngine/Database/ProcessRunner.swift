import Foundation

/// Runs a program to completion and captures its output (stdout and stderr together).
enum ProcessRunner {
    struct Outcome {
        var status: Int32
        var output: String
    }

    /// Runs `executable` (a path, or a name looked up on `PATH`) with `arguments`.
    ///
    /// - Parameter user: when set, runs the program as that OS user through `runuser` (the caller must be root).
    /// The child's environment drops the `PG*` variables, which would otherwise redirect `pg_ctl` and `initdb`.
    static func run(executable: String, arguments: [String], user: String? = nil) throws -> Outcome {
        let process = Process()
        var argv = [executable] + arguments
        if let user { argv = ["runuser", "-u", user, "--"] + argv }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = argv
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        process.standardInput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        // Read before waiting: a child blocked on a full pipe would never exit.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
