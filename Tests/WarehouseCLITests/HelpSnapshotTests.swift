import ArgumentParser
import Foundation
import Testing

@testable import WarehouseCLI

/// `--help` of every command, compared exactly with the text committed in `Help/`.
///
/// After a deliberate change, regenerate the files and review their diff:
/// `WH_UPDATE_HELP=1 swift test --skip-build --filter HelpSnapshotTests`.
@Suite("--help of every command")
struct HelpSnapshotTests {
    private static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Help")

    /// Every command path: `[]` for `wh` itself, `["db", "start"]` for `wh db start`.
    static let commands: [[String]] = {
        func walk(_ command: any ParsableCommand.Type, _ path: [String]) -> [[String]] {
            [path]
                + command.configuration.subcommands.flatMap { sub in
                    walk(sub, path + [sub.configuration.commandName ?? ""])
                }
        }
        return walk(WarehouseCommand.self, [])
    }()

    @Test("help text is what the committed file says", arguments: commands)
    func help(of command: [String]) async throws {
        let result = await CommandRunner.run(command + ["--help"], environment: ["COLUMNS": "100"])
        #expect(result.exitCode == 0)
        let file = Self.folder.appendingPathComponent((["wh"] + command).joined(separator: "-") + ".txt")
        if ProcessInfo.processInfo.environment["WH_UPDATE_HELP"] == "1" {
            try Data((result.standardOutput + "\n").utf8).write(to: file)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(result.standardOutput + "\n" == expected)
    }

    @Test("every command has a help file, and no file is left from a removed command")
    func filesMatchCommands() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter {
            $0.hasSuffix(".txt")
        }
        let expected = Self.commands.map { (["wh"] + $0).joined(separator: "-") + ".txt" }
        #expect(Set(files) == Set(expected))
    }

    @Test("--full-refresh and --wait-timeout are offered only by the commands that build: wh run, seed and build")
    func buildOptionsOnlyWhereHonoured() async {
        for command in ["run", "seed", "build"] {
            let help = await CommandRunner.run([command, "--help"], environment: ["COLUMNS": "100"])
            #expect(help.standardOutput.contains("--full-refresh          Rebuild incremental models from scratch"))
            #expect(help.standardOutput.contains("--wait-timeout <seconds>"))
        }
        for command in ["test", "compile"] {
            let help = await CommandRunner.run([command, "--help"], environment: ["COLUMNS": "100"])
            #expect(!help.standardOutput.contains("--full-refresh"), "wh \(command)")
            #expect(!help.standardOutput.contains("--wait-timeout"), "wh \(command)")
            let used = await CommandRunner.run([command, "--full-refresh"], environment: [:])
            #expect(used.exitCode == 1)
            #expect(used.standardError.hasPrefix("Error: Unknown option '--full-refresh'"), "wh \(command)")
        }
    }
}
