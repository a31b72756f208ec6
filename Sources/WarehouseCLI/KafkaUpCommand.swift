import ArgumentParser
import Foundation
import KafkaClient
import WarehouseCore

/// `wh kafka up`: hosts librdkafka's mock cluster on loopback until SIGINT or SIGTERM.
struct KafkaUpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Run an embedded Kafka broker on loopback until interrupted; record its address.",
        discussion: """
            Prints the bootstrap address and writes it to <project>/.wh/kafka/bootstrap (removed on exit). Any \
            Kafka client can use it, e.g. `kcat -b $(cat .wh/kafka/bootstrap) -C -t orders`. Data lives in \
            memory only, about 5 MiB per partition; consumer groups take about 3 s to form.
            """)

    @Option(name: .customLong("project-dir"), help: "The project folder, where .wh/kafka/bootstrap is written.")
    var projectDirectory: String = "."

    @Option(help: "Partitions of each topic created.")
    var partitions: Int = 4

    @Option(
        name: .customLong("topic"),
        help: "A topic to create (repeatable; default: the topics of the project's Kafka sources, else orders).")
    var topics: [String] = []

    @Option(help: "Brokers in the cluster.")
    var brokers: Int = 1

    func validate() throws {
        guard partitions >= 1 else { throw ValidationError("--partitions must be 1 or more, got \(partitions)") }
        guard brokers >= 1 else { throw ValidationError("--brokers must be 1 or more, got \(brokers)") }
    }

    func run() async throws {
        let console = Console.current
        let root = URL(
            fileURLWithPath: projectDirectory,
            relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        ).standardizedFileURL
        let topicNames = topics.isEmpty ? Self.sourceTopics(in: root) : topics
        let cluster: KafkaMockCluster
        do {
            cluster = try KafkaMockCluster(brokers: brokers, logger: ConsoleLogHandler.kafkaLogger())
            for topic in topicNames { try cluster.createTopic(topic, partitions: partitions) }
        } catch {
            console.printError("error: cannot start the embedded Kafka broker: \(error)")
            throw ReportedFailure(exitCode: .userError)
        }
        let file = KafkaBootstrapFile(projectRoot: root)
        do {
            try file.write(cluster.bootstrapServers)
        } catch {
            console.printError("error: cannot record the broker's address in \(file.url.path): \(error)")
            throw ReportedFailure(exitCode: .userError)
        }
        console.print("Kafka (embedded, librdkafka mock cluster) listening at \(cluster.bootstrapServers)")
        console.print(
            "topics: \(topicNames.map { "\($0) (\(partitions) partitions)" }.joined(separator: ", "))")
        console.print("address recorded in \(KafkaBootstrapFile.relativePath); Ctrl-C stops the broker")

        let signals = InterruptSignals { _ in }
        defer { signals.stop() }
        while signals.firstSignal == nil, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(100))
        }
        file.remove(ifRecording: cluster.bootstrapServers)
        cluster.stop()
        console.print("Stopped the embedded Kafka broker")
    }

    /// The topics of the project's Kafka ingest sources (`orders` when it has none, or no project is there).
    private static func sourceTopics(in root: URL) -> [String] {
        let topics = (try? ProjectLoader.load(root: root, cliVars: nil))?.settings.ingest.kafka.flatMap(\.topics) ?? []
        var seen: Set<String> = []
        let distinct = topics.filter { !$0.contains("{{") && seen.insert($0).inserted }
        return distinct.isEmpty ? ["orders"] : distinct
    }
}
