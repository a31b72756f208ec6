import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a program to completion and captures its output (stdout and stderr together).
///
/// This uses `posix_spawnp` and `waitpid` rather than Foundation's `Process`: on Linux, `Process` learns that a
/// child ended when a descriptor the child inherited closes, and `pg_ctl start` leaves a server running that
/// inherits it, so `waitUntilExit` would never return. For the same reason output goes to a file, not a pipe.
enum ProcessRunner {
    struct Outcome {
        var status: Int32
        var output: String
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc module leaves out (a GNU
    /// extension); nil where the C library lacks it.
    private static let closeFrom: CloseFrom? =
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np").map {
            unsafeBitCast($0, to: CloseFrom.self)
        }
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// Runs `executable` (a path, or a name looked up on `PATH`) with `arguments`.
    ///
    /// - Parameter user: when set, runs the program as that OS user through `runuser` (the caller must be root).
    /// The child's environment drops the `PG*` variables, which would otherwise redirect `pg_ctl` and `initdb`.
    static func run(executable: String, arguments: [String], user: String? = nil) throws -> Outcome {
        var argv = [executable] + arguments
        if let user { argv = ["runuser", "-u", user, "--"] + argv }
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }.map {
            "\($0.key)=\($0.value)"
        }
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent(
            "wh-process-\(UUID().uuidString).log"
        ).path
        defer { unlink(outputPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of ours reaches the child: `pg_ctl start` leaves a server running that would keep any
        // descriptor it inherited open, such as the write end of a pipe another thread is reading to its end.
        _ = closeFrom?(&actions, 3)

        var pid = pid_t()
        let spawned = withCStrings(argv) { cArguments in
            withCStrings(environment) { cEnvironment in
                posix_spawnp(&pid, argv[0], &actions, nil, cArguments, cEnvironment)
            }
        }
        guard spawned == 0 else {
            throw EmbeddedPostgresError("cannot run \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw EmbeddedPostgresError("lost track of \(argv[0]) (waitpid failed)") }
        }
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS: the macros are not imported into Swift.
        let exitStatus = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Outcome(status: exitStatus, output: output)
    }

    /// Calls `body` with a NULL-terminated C array of copies of `strings`.
    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }
}
