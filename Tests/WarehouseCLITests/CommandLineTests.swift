import Foundation
import Testing
import WarehouseCore

/// What the command line says before any project is read: version, mistyped commands, help of passthrough commands.
@Suite("the command line itself")
struct CommandLineTests {
    @Test("wh --version prints the one version constant")
    func version() async {
        let result = await CommandRunner.run(["--version"], environment: [:])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput == "wh \(WarehouseVersion.current)")
    }

    @Test("a mistyped command gets a did-you-mean, at the top level and under wh db")
    func mistypedCommand() async {
        let build = await CommandRunner.run(["buidl"], environment: [:])
        #expect(build.exitCode == 1)
        #expect(
            build.standardError == """
                error: 'buidl' is not a command of wh
                  help: did you mean 'build'? (wh --help lists them)
                """)
        let start = await CommandRunner.run(["db", "strat", "--project-dir", "/nonexistent"], environment: [:])
        #expect(start.exitCode == 1)
        #expect(
            start.standardError == """
                error: 'strat' is not a command of wh db
                  help: did you mean 'start'? (wh db --help lists them)
                """)
        let nothingClose = await CommandRunner.run(["frobnicate"], environment: [:])
        #expect(nothingClose.exitCode == 1)
        #expect(
            nothingClose.standardError.hasSuffix(
                "help: the commands are compile, ls, parse, seed, run, snapshot, test, build, retry, db, kafka, generate, ingest, init, deps, serve (wh --help lists them)"
            ))
        let helpCommand = await CommandRunner.run(["help", "build"], environment: ["COLUMNS": "100"])
        #expect(helpCommand.exitCode == 0)
        #expect(helpCommand.standardOutput.hasPrefix("OVERVIEW: Load seeds, build models"))
    }

    @Test("wh db psql --help prints wh's help, not psql's; psql's stays reachable after --")
    func psqlHelp() async {
        let result = await CommandRunner.run(["db", "psql", "--help"], environment: ["COLUMNS": "100"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.hasPrefix("OVERVIEW: Open psql on the database wh uses"))
        #expect(result.standardOutput.contains("psql's own help: wh db psql -- --help"))
    }

    @Test("the completion scripts the README documents are printed for bash, zsh and fish")
    func completionScripts() async {
        for (shell, marker) in [
            ("bash", "complete -o filenames -F _wh wh"), ("zsh", "#compdef wh"), ("fish", "complete -c 'wh'"),
        ] {
            let result = await CommandRunner.run(["--generate-completion-script", shell], environment: [:])
            #expect(result.exitCode == 0, "\(shell)")
            #expect(result.standardOutput.contains(marker), "\(shell)")
            #expect(result.standardOutput.contains("build"), "\(shell)")
        }
    }
}
