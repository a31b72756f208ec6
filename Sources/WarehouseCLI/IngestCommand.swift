import ArgumentParser

/// `wh ingest`: data arriving from outside, into bronze tables, exactly once.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Load Kafka topics and CSV files into bronze tables, exactly once.",
        subcommands: [IngestKafkaCommand.self, IngestStatusCommand.self])
}
