/// One posted event, checked and ready to produce: its JSON bytes as posted, and its message key.
public struct KafkaEvent: Sendable, Hashable {
    /// The event's JSON text, byte for byte as it was posted.
    public var value: [UInt8]
    /// The value at the source's `key:` path as UTF-8 text (a string's characters, a number's digits); nil when the
    /// source has no key path or the event has no value there.
    public var key: [UInt8]?

    /// An event of `value` keyed by `key`.
    public init(value: [UInt8], key: [UInt8]?) {
        self.value = value
        self.key = key
    }
}
