/// What is wrong with a posted event, or with the request body as a whole.
public struct KafkaEventProblem: Sendable, Hashable {
    /// The event's position in the posted list (0 for a single event); nil for a problem of the whole body.
    public var index: Int?
    /// The path of the field at fault, as declared (`order_id`, `lines.0.quantity`); nil for the event as a whole.
    public var field: String?
    /// Why, in words, for the client.
    public var reason: String

    /// A problem of event `index` (or of the body), at `field` (or of the whole event).
    public init(index: Int?, field: String?, reason: String) {
        self.index = index
        self.field = field
        self.reason = reason
    }
}

/// Why none of a request's events may be produced: every problem found, in event order.
public struct KafkaEventRejection: Error, Sendable, Hashable {
    /// The problems, at most ``KafkaEventValidator/maximumProblems`` of them.
    public var problems: [KafkaEventProblem]
    /// How many problems there were in all (more than `problems.count` when the list was cut).
    public var total: Int
    /// How many events the body held (0 when it could not be read as events).
    public var eventCount: Int
    /// How many of them have a problem.
    public var invalidEventCount: Int

    /// A rejection listing `problems` of `total` found in `invalidEventCount` of `eventCount` events.
    public init(problems: [KafkaEventProblem], total: Int, eventCount: Int, invalidEventCount: Int) {
        self.problems = problems
        self.total = total
        self.eventCount = eventCount
        self.invalidEventCount = invalidEventCount
    }

    /// One sentence for a response's message.
    public var summary: String {
        guard eventCount > 0 else { return problems.first?.reason ?? "the body holds no event" }
        let events = eventCount == 1 ? "the event is" : "\(invalidEventCount) of \(eventCount) events are"
        return "\(events) invalid; none was produced"
    }
}
