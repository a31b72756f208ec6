import Foundation

/// The Kafka brokers a command talks to: `--brokers` when given, else the embedded broker `wh kafka up` recorded.
enum KafkaAddress {
    /// `brokers`, or the address in `<projectDirectory>/.wh/kafka/bootstrap`; reports a missing one and fails.
    static func resolve(brokers: String?, projectDirectory: String) throws -> String {
        if let brokers, !brokers.isEmpty { return brokers }
        let root = URL(
            fileURLWithPath: projectDirectory,
            relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        ).standardizedFileURL
        if let recorded = KafkaBootstrapFile(projectRoot: root).read() { return recorded }
        Console.current.printError(
            "error: no Kafka broker given and none running for this project: pass --brokers HOST:PORT, or start the "
                + "embedded one with `wh kafka up` (it records its address in \(KafkaBootstrapFile.relativePath))")
        throw ReportedFailure(exitCode: .userError)
    }
}
