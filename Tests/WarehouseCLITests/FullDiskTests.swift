import Foundation
import Testing

/// A full disk under `target/` is the user's problem: a message naming the file, exit code 1, and the previous
/// manifest left whole.
///
/// The disk is a real tmpfs of 128 KiB mounted over the project's `target/`, so the kernel itself answers ENOSPC
/// to the same calls `wh` makes on a full disk. Alternatives that need no mount do not hold up: a file-size
/// limit (`setrlimit(RLIMIT_FSIZE)`) applies to the whole test process, failing the writes of tests that run
/// alongside and raising SIGXFSZ, and gives EFBIG rather than ENOSPC; `/dev/full` is a device, not a folder to
/// put `target/` in. Mounting needs root, which CI has; without it the test fails and says so.
@Suite(.serialized) struct FullDiskTests {
    private static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// `body` with a 128 KiB tmpfs mounted at `folder`; false after recording why it could not be mounted.
    private static func withTinyDisk(at folder: URL, _ body: () async throws -> Void) async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let mounted = try run("/bin/mount", ["-t", "tmpfs", "-o", "size=128k", "tmpfs", folder.path])
        guard mounted.status == 0 else {
            Issue.record(
                """
                this test mounts a 128 KiB tmpfs to fill a disk for real, which needs root (CI runs as root); \
                mount said: \(mounted.output)
                """)
            return
        }
        defer { _ = try? run("/bin/umount", [folder.path]) }
        try await body()
    }

    private static func bigModel(kilobytes: Int) -> String {
        "select '" + String(repeating: "x", count: kilobytes * 1024) + "' as padding"
    }

    @Test func aFullDiskIsAUserErrorNamingTheFileAndKeepsTheOldManifest() async throws {
        let root = try CommandRunner.project(["models/big.sql": "select 1 as padding"])
        let target = root.appendingPathComponent("target")
        try await Self.withTinyDisk(at: target) {
            let first = await CommandRunner.run(["compile", "--project-dir", root.path])
            #expect(first.exitCode == 0, "\(first.standardError)")
            let manifestURL = target.appendingPathComponent("manifest.json")
            let manifest = try Data(contentsOf: manifestURL)

            // 56 KiB of SQL: the compiled file fits beside the old manifest, the new manifest (which holds the
            // model's raw and compiled SQL, 112 KiB) does not.
            try Data(Self.bigModel(kilobytes: 56).utf8).write(to: root.appendingPathComponent("models/big.sql"))
            let full = await CommandRunner.run(["compile", "--project-dir", root.path])
            #expect(full.exitCode == 1)
            #expect(
                full.standardError == """
                    error: no space left on device while writing target/manifest.json
                    help: free some space, or set `target-path` in the project file to a folder on a disk with room
                    """)
            #expect(full.standardOutput.isEmpty)
            #expect(try Data(contentsOf: manifestURL) == manifest)
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: target.path).sorted() == [
                    "compiled", "manifest.json",
                ])

            // 200 KiB of SQL: the compiled file itself does not fit.
            try Data(Self.bigModel(kilobytes: 200).utf8).write(to: root.appendingPathComponent("models/big.sql"))
            let fuller = await CommandRunner.run(["compile", "--project-dir", root.path])
            #expect(fuller.exitCode == 1)
            #expect(
                fuller.standardError.hasPrefix(
                    "error: no space left on device while writing target/compiled/shop/models/big.sql\n"))
            #expect(try Data(contentsOf: manifestURL) == manifest)
        }
    }
}
