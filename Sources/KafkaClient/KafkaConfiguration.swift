/// librdkafka properties, passed through as given.
///
/// `bootstrap.servers`, `security.protocol`, `sasl.*`, `ssl.*`, `session.timeout.ms`, ... (see librdkafka's
/// CONFIGURATION.md).
///
/// The producer and consumer add their defaults (idempotence, manual offset storage) under what is set here,
/// except for the few properties they must own, which their documentation lists.
public struct KafkaConfiguration: Sendable, Equatable {
    /// The properties by name.
    public var properties: [String: String]

    /// A configuration reaching the brokers at `bootstrapServers` (`host:port[,host:port...]`), with any other
    /// librdkafka `properties`.
    public init(bootstrapServers: String, properties: [String: String] = [:]) {
        self.properties = properties
        self.properties["bootstrap.servers"] = bootstrapServers
    }

    /// A property's value, or nil when it is not set here.
    public subscript(name: String) -> String? {
        get { properties[name] }
        set { properties[name] = newValue }
    }

    /// `properties` with `defaults` filled in where not set.
    func with(defaults: [String: String]) -> KafkaConfiguration {
        var copy = self
        copy.properties.merge(defaults) { given, _ in given }
        return copy
    }
}
