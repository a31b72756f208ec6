import ArgumentParser

/// `wh ingest`: raw data from outside the project into bronze tables, one subcommand per kind of source.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Load raw data (CSV files, Kafka topics) into bronze tables, each record exactly once.",
        discussion: """
            Sources are configured under `ingest:` in project.yml, or named on the command line. Seeds stay for \
            small reference data versioned with the project; ingest is for data arriving from outside, of any size.
            """,
        subcommands: IngestCommand.subcommands)

    /// The `wh ingest` subcommands; a new kind of source adds its command here.
    static let subcommands: [any ParsableCommand.Type] = [
        IngestCSVCommand.self, IngestKafkaCommand.self, IngestStatusCommand.self,
    ]
}
