import ArgumentParser

/// `wh docs`: the project's pages (dashboard, lineage, API) as files.
struct DocsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs", abstract: "Write the dashboard, lineage and API pages as static files.",
        subcommands: [DocsGenerateCommand.self])
}
