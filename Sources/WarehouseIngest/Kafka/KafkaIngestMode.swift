/// When `wh ingest kafka` stops.
public enum KafkaIngestMode: Sendable, Hashable {
    /// Once every assigned partition's stored offset reached its end, as read after a batch that did not fill.
    case untilCaughtUp
    /// Never by itself: until a signal (or `maxMessages`).
    case follow
}
