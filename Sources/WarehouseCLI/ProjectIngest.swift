import Foundation
import KafkaClient
import SQLTemplate
import WarehouseCore
import WarehouseServer

/// A project's `ingest:` settings the way the ingest commands need them: rendered, picked, with brokers.
enum ProjectIngest {
    /// The Kafka sources to ingest: the one named `name`, or all; problems reported to the console.
    static func kafkaSources(of project: Project, named name: String?) throws -> [KafkaSourceSettings] {
        let settings = try renderedSettings(of: project)
        guard !settings.kafka.isEmpty else {
            Console.current.printError(
                """
                error: the project has no Kafka sources
                  help: declare one under `ingest: kafka:` in project.yml, e.g.
                    ingest:
                      kafka:
                        - name: orders
                          topics: [orders]
                          table: bronze.order_events
                """)
            throw ReportedFailure(exitCode: .userError)
        }
        guard let name else { return settings.kafka }
        guard let source = settings.kafkaSource(named: name) else {
            let names = settings.kafka.map(\.name)
            let suggestion = ClosestName.suggestion(for: name, among: names).map { "did you mean '\($0)'? " } ?? ""
            Console.current.printError(
                "error: no Kafka source named '\(name)'\n  help: \(suggestion)the Kafka sources are "
                    + names.joined(separator: ", "))
            throw ReportedFailure(exitCode: .userError)
        }
        return [source]
    }

    /// The brokers and librdkafka properties of `source`: its own brokers, or the embedded broker `wh kafka up`
    /// recorded, with a short group session (the dev broker otherwise makes a restarted consumer wait 45 s).
    static func kafkaConfiguration(for source: KafkaSourceSettings, projectRoot: URL) throws -> KafkaConfiguration {
        guard source.usesEmbeddedBroker else {
            return KafkaConfiguration(bootstrapServers: source.brokers ?? "", properties: source.properties)
        }
        let address = try KafkaAddress.resolve(brokers: nil, projectDirectory: projectRoot.path)
        let devDefaults = ["session.timeout.ms": "6000", "heartbeat.interval.ms": "500"]
        return KafkaConfiguration(
            bootstrapServers: address, properties: devDefaults.merging(source.properties) { _, own in own })
    }

    /// Every Kafka source of the project with its brokers for `wh serve`'s event intake: its own, the embedded
    /// broker `wh kafka up` recorded, or nil when it uses the embedded broker and none is running (its events are
    /// then answered 503 saying so).
    static func eventIntakeSources(of project: Project) throws -> [EventIntake.Source] {
        let settings = try renderedSettings(of: project)
        let embedded = KafkaBootstrapFile(projectRoot: project.root).read()
        return settings.kafka.map { source in
            let brokers = source.usesEmbeddedBroker ? embedded : source.brokers
            return EventIntake.Source(
                settings: source,
                kafka: brokers.map { KafkaConfiguration(bootstrapServers: $0, properties: source.properties) })
        }
    }

    /// The project's `ingest:` with `env_var()` rendered; a problem is reported to the console.
    private static func renderedSettings(of project: Project) throws -> IngestSettings {
        do throws(Diagnostic) {
            return try project.settings.ingest.rendered(environment: Invocation.environment)
        } catch {
            Console.current.printError(error.description)
            throw ReportedFailure(exitCode: .userError)
        }
    }
}
