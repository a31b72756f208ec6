import ArgumentParser

/// `wh kafka`: the embedded Kafka broker for development (librdkafka's mock cluster).
struct KafkaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Host an embedded Kafka broker for development.",
        discussion: """
            `wh kafka up` runs librdkafka's mock cluster on loopback and records its address in \
            .wh/kafka/bootstrap, where `wh generate orders --to kafka:TOPIC` finds it. It keeps messages in memory \
            only, about 5 MiB (or 100,000 message sets) per partition: older ones are dropped, so consume while \
            producing large volumes.
            """,
        subcommands: [KafkaUpCommand.self, KafkaConsumeBenchCommand.self])
}
