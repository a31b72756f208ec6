public import Hummingbird
public import KafkaClient
public import Logging
public import WarehouseCore
import WarehouseIngest

/// `POST /api/events/<source>`: events for a Kafka source of `ingest.kafka`, checked and produced to its first topic.
///
/// The body is one JSON object or a list of them, at most `maxBodyBytes` (413 beyond, counted as it arrives and
/// before it is all read). Every event is checked against the source's declared columns first
/// (``KafkaEventValidator``): any problem answers 400 listing each (event index, field, reason) and nothing is
/// produced. Valid events go to the topic in order through an idempotent producer, keyed by the source's `key:`
/// path; 201 comes only once the broker acknowledged every one (`{"count", "topic", "events": [{"partition",
/// "offset"}]}`). When the broker does not acknowledge within the delivery timeout, 503 with `Retry-After`; some
/// events of that request may have been written, so a client that retries may send those twice (ingest keeps each
/// message, and silver deduplicates by `event_id`). Another refusal by Kafka is 502.
public final class EventIntake: Sendable {
    /// A Kafka source and how to reach its brokers.
    public struct Source: Sendable {
        public var settings: KafkaSourceSettings
        /// The brokers and properties, or nil when none is known (no `brokers:` and no `wh kafka up` running).
        public var kafka: KafkaConfiguration?

        /// `settings`, produced to through `kafka` (nil: none known, requests get 503 saying so).
        public init(settings: KafkaSourceSettings, kafka: KafkaConfiguration?) {
            self.settings = settings
            self.kafka = kafka
        }
    }

    /// `serve: max_body_bytes` when not set: 1 MiB.
    public static let defaultMaxBodyBytes = ServeSettings().maxBodyBytes
    /// How long a request waits for the broker's acknowledgement before it answers 503.
    public static let defaultDeliveryTimeout = Duration.seconds(10)
    /// `Retry-After` of a 503, in seconds.
    static let retryAfterSeconds = 5

    private let sources: [String: Route]
    private let sourceNames: [String]
    private let maxBodyBytes: Int
    private let authenticator: BearerAuthenticator?
    private let logger: Logger

    private struct Route: Sendable {
        let validator: KafkaEventValidator
        let topic: String
        let producer: EventIntakeProducer?
    }

    /// Intake for `sources`, each with a producer of its own; with an `authenticator` (`serve.auth`), only callers
    /// with a valid token may post.
    ///
    /// - Throws: ``KafkaError`` for librdkafka properties it refuses.
    public init(
        sources: [Source], maxBodyBytes: Int = EventIntake.defaultMaxBodyBytes,
        deliveryTimeout: Duration = EventIntake.defaultDeliveryTimeout, authenticator: BearerAuthenticator? = nil,
        logger: Logger
    ) throws(KafkaError) {
        var routes: [String: Route] = [:]
        for source in sources {
            let producer = try source.kafka.map { (kafka) throws(KafkaError) in
                try EventIntakeProducer(configuration: kafka, deliveryTimeout: deliveryTimeout, logger: logger)
            }
            routes[source.settings.name] = Route(
                validator: KafkaEventValidator(source: source.settings), topic: source.settings.topics[0],
                producer: producer)
        }
        self.sources = routes
        self.sourceNames = sources.map(\.settings.name)
        self.maxBodyBytes = maxBodyBytes
        self.authenticator = authenticator
        self.logger = logger
    }

    /// Adds `POST /api/events/{source}` to `router`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.post("api/events/:source") { request, context in
            try await self.respond(to: request, source: context.parameters.get("source") ?? "")
        }
    }

    private func respond(to request: Request, source name: String) async throws -> Response {
        if let authenticator {
            do throws(AuthFailure) {
                _ = try authenticator.authorize(request.headers[.authorization], requiredScopes: [])
            } catch {
                return error.response
            }
        }
        guard let route = sources[name] else {
            let known =
                sourceNames.isEmpty
                ? "the project has no Kafka sources"
                : "the Kafka sources are "
                    + sourceNames.joined(separator: ", ")
            return EventIntakeResponse.failure(
                .notFound, message: "no Kafka source named '\(name)': \(known)", sources: sourceNames)
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes {
            return tooLarge()
        }
        var body: [UInt8] = []
        for try await buffer in request.body {
            guard body.count + buffer.readableBytes <= maxBodyBytes else { return tooLarge() }
            body.append(contentsOf: buffer.readableBytesView)
        }
        let events: [KafkaEvent]
        switch route.validator.events(in: body) {
        case .failure(let rejection): return EventIntakeResponse.invalid(rejection)
        case .success(let valid): events = valid
        }
        guard let producer = route.producer else {
            return EventIntakeResponse.failure(
                .serviceUnavailable,
                message: "no Kafka broker is known for source '\(name)': set its `brokers:` or run `wh kafka up`",
                retryAfter: Self.retryAfterSeconds)
        }
        let reports: [KafkaDeliveryReport]
        do {
            reports = try await producer.produce(events, to: route.topic)
        } catch {
            return kafkaFailure(error, source: name)
        }
        if let failure = reports.lazy.compactMap(\.error).first { return kafkaFailure(failure, source: name) }
        return EventIntakeResponse.accepted(reports, topic: route.topic)
    }

    private func tooLarge() -> Response {
        EventIntakeResponse.failure(
            .contentTooLarge,
            message: "the body is larger than the \(maxBodyBytes) bytes allowed (serve: max_body_bytes); "
                + "post fewer events per request")
    }

    private func kafkaFailure(_ error: KafkaError, source: String) -> Response {
        logger.warning("event intake for \(source): \(error)")
        guard error.isTransient else {
            return EventIntakeResponse.failure(.badGateway, message: "Kafka refused the events: \(error)")
        }
        return EventIntakeResponse.failure(
            .serviceUnavailable, message: "Kafka did not acknowledge the events in time: \(error)",
            retryAfter: Self.retryAfterSeconds)
    }
}
